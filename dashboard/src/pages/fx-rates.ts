/** Exchange rates with their provenance (GET /fx-rates): the rate as given, its kind, its source, who and when. */
import { dayText, instantText } from "../../../shared/format/dates.ts";
import { fxKindLabel } from "../../../shared/format/labels.ts";
import { currencyName, rateLongText } from "../../../shared/format/money.ts";
import { getJson } from "../api.ts";
import { h } from "../dom.ts";
import type { Route } from "../route.ts";
import { href } from "../route.ts";
import type { FxRate, Page } from "../types.ts";
import { errorMessage, heading, ledgerTable, pager, selectField, type View } from "../view.ts";

const KIND_NOTES: Record<string, string> = {
  official: "a central bank's reference rate",
  market: "a market rate",
  implied: "derived from figures a source gives in two currencies",
};

export async function fxRatesPage(route: Route, signal: AbortSignal): Promise<View> {
  const currency = route.query.get("currency") ?? undefined;
  const rates = await getJson<Page<FxRate>>(
    "/fx-rates",
    { currency, cursor: route.query.get("cursor") ?? undefined },
    signal,
  ).catch((error: unknown) => error as Error);
  const currencies = rates instanceof Error ? [] : [...new Set(rates.items.map((rate) => rate.currency))];
  if (currency && !currencies.includes(currency)) currencies.push(currency);
  const form = h(
    "form",
    { class: "filters compact", "aria-label": "Filter exchange rates" },
    selectField(
      "currency",
      "Currency",
      currencies.sort().map((code) => [code, `${currencyName(code)} (${code})`]),
      currency ?? null,
      "All currencies",
    ),
  );
  form.addEventListener("change", () => {
    const value = (form.elements.namedItem("currency") as HTMLSelectElement).value;
    location.hash = href(["fx-rates"], { currency: value });
  });
  const content = h(
    "div",
    {},
    heading("Exchange rates"),
    h(
      "p",
      { class: "lede" },
      "The rates that turn other currencies into US dollars. A commitment uses the latest rate on or before the day it was announced; a rate is never guessed, and one that is replaced stays on record.",
    ),
    form,
    rates instanceof Error
      ? errorMessage(rates)
      : rates.items.length === 0
        ? h("p", {}, "No exchange rate is on record.")
        : [table(rates.items), pager(route, rates.nextCursor, "Exchange rates")],
  );
  return { title: "Exchange rates", content };
}

function table(rates: FxRate[]): HTMLElement {
  return ledgerTable(
    "Exchange rates, newest first for each currency",
    ["Currency", "From", "Rate", "Kind", "Source", "Recorded"],
    rates.map((rate) =>
      h(
        "tr",
        {},
        h("th", { scope: "row" }, `${currencyName(rate.currency)} (${rate.currency})`),
        h("td", { "data-label": "From" }, dayText(rate.date)),
        h("td", { "data-label": "Rate", class: "num" }, rateLongText(rate)),
        h(
          "td",
          { "data-label": "Kind" },
          rate.kind
            ? [fxKindLabel(rate.kind), h("span", { class: "muted" }, ` — ${KIND_NOTES[rate.kind] ?? ""}`)]
            : h("span", { class: "muted" }, "not stated"),
        ),
        h("td", { "data-label": "Source", class: "source-cell" }, rate.source),
        h(
          "td",
          { "data-label": "Recorded" },
          instantText(rate.recordedAt),
          rate.recordedBy && ` by ${rate.recordedBy}`,
          rate.version !== undefined && ` (version ${rate.version})`,
        ),
      ),
    ),
  );
}
