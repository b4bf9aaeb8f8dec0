/** The ledger's figures as page elements: short to scan, every digit on hover (title) and in `<data value>`. */
import { conversionText, exactFigure, exactUsdFigure, figure, usdFigure } from "../../shared/format/money.ts";
import { type TotalsLike, totalText } from "../../shared/format/totals.ts";
import { figureText, h } from "./dom.ts";
import type { Commitment } from "./types.ts";

/** "at least US$500B" as announced, or "no figure stated". */
export function announcedFigure(commitment: Pick<Commitment, "amount">): HTMLElement {
  const { amount } = commitment;
  if (!amount) return h("span", { class: "muted" }, "no figure stated");
  return figureText(figure(amount), exactFigure(amount), amount.high);
}

/** The figure in US dollars with the record's qualifier, or why there is none. */
export function usdFigureElement(commitment: Pick<Commitment, "amount" | "amountUsd">): HTMLElement {
  const { amount, amountUsd } = commitment;
  if (!amount) return h("span", { class: "muted" }, "—");
  if (!amountUsd) return h("span", { class: "muted" }, "no rate yet");
  const text = usdFigure(amountUsd, amount.qualifier);
  const exact = exactUsdFigure(amountUsd, amount.qualifier);
  const full = amount.currency === "USD" ? exact : `${exact} (${conversionText(amount, amountUsd)})`;
  return figureText(text, full, amountUsd.high);
}

/** A total as a headline ("at least US$565B"), every digit on hover. */
export function totalFigure(row: TotalsLike): HTMLElement {
  return figureText(totalText(row), totalText(row, { exact: true }), row.usdHigh ?? row.usdLow);
}
