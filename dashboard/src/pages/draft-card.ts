/**
 * One draft of the article page as an editable card: every field of the commitment a person may correct, a box to
 * choose it, and what the API said when it was saved (its errors next to their fields).
 */
import { announcedText } from "../../../shared/format/dates.ts";
import {
  CATEGORY_SLUGS,
  CONFIDENCE_SLUGS,
  categoryLabel,
  confidenceLabel,
  ROLE_SLUGS,
  roleLabel,
} from "../../../shared/format/labels.ts";
import { figure } from "../../../shared/format/money.ts";
import { parseShorthand } from "../../../shared/format/numbers.ts";
import { type Child, h, replace } from "../dom.ts";
import { group, labelled, type Slot, select, setError, textInput, uid } from "../fields.ts";
import type { Draft } from "../types.ts";

const QUALIFIERS: [string, string][] = [
  ["exact", "exactly"],
  ["approximately", "about"],
  ["at-least", "at least"],
  ["up-to", "up to"],
  ["range", "a range (low to high)"],
];
const PRECISIONS: [string, string][] = [
  ["day", "day"],
  ["month", "month"],
  ["quarter", "quarter"],
  ["year", "year"],
];
const KINDS = ["company", "government", "fund", "joint-venture", "other"];
/** The draft's `missing` paths in words. */
const MISSING: Record<string, string> = {
  announcedOn: "the announcement date",
  parties: "a party",
  categories: "a category",
  location: "the country",
  "sources.0.url": "the source's address",
};

type RowMaker = (values: Record<string, string>) => Record<string, ReturnType<typeof labelled>>;

/** A list of rows of controls (parties, accelerators), each removable, more added on demand. */
class Rows {
  readonly list = h("ul", { class: "rows" });
  readonly rows: { element: HTMLElement; slots: Record<string, Slot> }[] = [];

  readonly #noun: string;
  /** The field without which a row is left out (a party without a name). */
  readonly #key: string;
  readonly #make: RowMaker;

  constructor(noun: string, key: string, make: RowMaker) {
    this.#noun = noun;
    this.#key = key;
    this.#make = make;
  }

  add(values: Record<string, string> = {}): void {
    const fields = this.#make(values);
    const slots = Object.fromEntries(Object.entries(fields).map(([name, { slot }]) => [name, slot]));
    const row = { element: h("li", { class: "row" }), slots };
    const remove = h(
      "button",
      { type: "button", class: "secondary", "aria-label": `Remove this ${this.#noun}` },
      "Remove",
    );
    remove.addEventListener("click", () => {
      this.rows.splice(this.rows.indexOf(row), 1);
      row.element.remove();
    });
    replace(row.element, ...Object.values(fields).map(({ field }) => field), remove);
    this.rows.push(row);
    this.list.append(row.element);
  }

  values(): Record<string, string>[] {
    return this.rows
      .map((row) =>
        Object.fromEntries(
          Object.entries(row.slots).map(([name, slot]) => [name, slot.control.value.trim()]),
        ),
      )
      .filter((values) => values[this.#key] !== "");
  }

  button(): HTMLElement {
    const article = /^[aeiou]/i.test(this.#noun) ? "an" : "a";
    const add = h("button", { type: "button", class: "secondary" }, `Add ${article} ${this.#noun}`);
    add.addEventListener("click", () => {
      this.add();
      Object.values(this.rows.at(-1)?.slots ?? {})[0]?.control.focus();
    });
    return add;
  }
}

export interface DraftCard {
  element: HTMLElement;
  title: string;
  chosen(): boolean;
  /** The commitment as `POST /commitments` takes it, from the card's fields as they are now. */
  body(): Record<string, unknown>;
  /** Shows each error next to its field; returns those no field of the card owns. */
  showErrors(errors: { path: string; message: string }[]): { path: string; message: string }[];
  setResult(...children: Child[]): void;
  /** Recorded: not chosen again by "Save chosen". */
  markSaved(): void;
}

/** Whole decimal strings from what a person typed ("2.5T", "2,500,000,000,000"); the text itself otherwise. */
const amountValue = (text: string) => parseShorthand(text) ?? text.trim();

/** An editable card for draft `index` (0-based) of the article. */
export function draftCard(draft: Draft, index: number, drafts: readonly Draft[]): DraftCard {
  const { commitment } = draft;
  const number = index + 1;
  const slots = new Map<string, Slot>();
  const field = (path: string, label: string, control: Slot["control"], hint?: string) => {
    const made = labelled(label, control, hint);
    slots.set(path, made.slot);
    return made.field;
  };
  const source = commitment.sources[0];
  const amount = commitment.amount;
  const chosen = h("input", { type: "checkbox", id: uid("choose"), checked: true });
  const title = textInput(commitment.title, { maxlength: "200" });
  const currency = textInput(amount?.currency, { maxlength: "3", autocapitalize: "characters" });
  const low = textInput(amount?.low, { inputmode: "decimal" });
  const high = textInput(amount?.high, { inputmode: "decimal" });
  const qualifier = select(QUALIFIERS, amount?.qualifier ?? "exact");
  const reads = h("p", { class: "hint", "aria-live": "polite" });
  const announcedOn = textInput(commitment.announcedOn, { placeholder: "YYYY-MM-DD", maxlength: "10" });
  const precision = select(PRECISIONS, commitment.announcedOnPrecision ?? "day");
  const country = textInput(commitment.location?.country, { maxlength: "2", autocapitalize: "characters" });
  const confidence = select(
    CONFIDENCE_SLUGS.map((slug) => [slug, confidenceLabel(slug)]),
    "reported",
  );
  const url = textInput(source?.url, { type: "url", placeholder: "https://…" });
  const excerpt = h("textarea", { rows: "3", maxlength: "1000" }, source?.excerpt ?? "");
  if (source?.language) excerpt.setAttribute("lang", source.language);
  const power = textInput(commitment.capacity?.powerMw?.toString(), { inputmode: "decimal" });
  const categories = CATEGORY_SLUGS.map((slug) =>
    h("input", { type: "checkbox", value: slug, checked: commitment.categories.includes(slug) }),
  );

  const parties = new Rows("party", "name", (values) => ({
    name: labelled("Name", textInput(values.name, { maxlength: "200" })),
    role: labelled(
      "Role",
      select(
        ROLE_SLUGS.map((slug) => [slug, roleLabel(slug)]),
        values.role ?? "funder",
      ),
    ),
    kind: labelled(
      "Kind",
      select([["", "Not stated"], ...KINDS.map((kind): [string, string] => [kind, kind])], values.kind),
    ),
  }));
  for (const party of commitment.parties)
    parties.add({ name: party.name, role: party.role, kind: party.kind ?? "" });
  const accelerators = new Rows("accelerator", "model", (values) => ({
    model: labelled("Model", textInput(values.model)),
    count: labelled("Count", textInput(values.count, { inputmode: "numeric" })),
  }));
  for (const accelerator of commitment.capacity?.accelerators ?? [])
    accelerators.add({ model: accelerator.model, count: String(accelerator.count) });

  const amountInput = () => {
    const [code, from, to] = [
      currency.value.trim().toUpperCase(),
      amountValue(low.value),
      amountValue(high.value),
    ];
    if (!code && !from && !to) return undefined;
    // One end given stands for both; two that differ outside a range are the API's to refuse, next to the field.
    return { currency: code, low: from || to, high: to || from, qualifier: qualifier.value };
  };
  const showReading = () => {
    const value = amountInput();
    reads.textContent =
      value &&
      /^\d+(\.\d+)?$/.test(value.low) &&
      /^\d+(\.\d+)?$/.test(value.high) &&
      value.currency.length === 3
        ? `Reads: ${figure(value)}`
        : "";
  };
  for (const control of [currency, low, high, qualifier]) control.addEventListener("input", showReading);
  showReading();

  const heading = h("h3", { id: uid("draft") }, `Draft ${number}: ${commitment.title}`);
  const result = h("div", { class: "save-result", role: "status" });
  const whole = draft.partOf !== null ? drafts[draft.partOf] : undefined;
  const registered = Object.entries(draft.partySlugs ?? {}).map(([name, slug]) => `${name} (${slug})`);
  const missing = draft.missing.filter((path) => path !== "confidence").map((path) => MISSING[path] ?? path);
  const element = h(
    "section",
    { class: "draft-card", "aria-labelledby": heading.id },
    heading,
    h("div", { class: "field checkbox" }, chosen, h("label", { for: chosen.id }, `Save draft ${number}`)),
    amount && h("p", { class: "draft-figure" }, `The text says: ${figure(amount)}`),
    commitment.announcedOn &&
      h(
        "p",
        { class: "muted" },
        `Announced ${announcedText(commitment.announcedOn, commitment.announcedOnPrecision)}`,
      ),
    whole &&
      h(
        "p",
        { class: "callout" },
        `A part of draft ${(draft.partOf as number) + 1}: ${whole.commitment.title}.`,
      ),
    missing.length > 0 &&
      h("p", { class: "warning" }, `The text does not say ${missing.join(", ")}: fill it in.`),
    draft.problems.length > 0 &&
      h(
        "ul",
        { class: "warning", "aria-label": "Problems with this draft" },
        draft.problems.map((problem) => h("li", {}, `${problem.path}: ${problem.message}`)),
      ),
    h(
      "div",
      { class: "draft-fields" },
      field("title", "Title", title),
      h(
        "div",
        { class: "field-row" },
        field("amount.currency", "Currency", currency, "ISO code: USD, KRW, EUR"),
        field("amount.low", "Low", low, "2.5T, 65B or every digit"),
        field("amount.high", "High", high),
        field("amount.qualifier", "Qualifier", qualifier),
      ),
      reads,
      h(
        "div",
        { class: "field-row" },
        field("announcedOn", "Announced on", announcedOn, "YYYY-MM-DD; a month is its first day"),
        field("announcedOnPrecision", "Precision of the date", precision),
        field("location.country", "Country", country, "two letters: US, KR; XX for several"),
        field("confidence", "Confidence", confidence),
      ),
      group("Parties", parties.list, parties.button()),
      registered.length > 0 && h("p", { class: "hint" }, `Recorded under: ${registered.join(", ")}`),
      group(
        "Categories",
        h(
          "div",
          { class: "checkboxes" },
          categories.map((box) => {
            box.id = uid("category");
            return h(
              "div",
              { class: "field checkbox" },
              box,
              h("label", { for: box.id }, categoryLabel(box.value)),
            );
          }),
        ),
      ),
      group(
        "Capacity",
        field("capacity.powerMw", "Power (MW)", power),
        accelerators.list,
        accelerators.button(),
      ),
      group("Source", field("sources.0.url", "Address", url), field("sources.0.excerpt", "Excerpt", excerpt)),
    ),
    result,
  );
  const categoryError = h("p", { class: "field-error", id: uid("error"), hidden: true });
  slots.set("categories", { control: categories[0] as HTMLInputElement, error: categoryError });
  element.querySelector(".checkboxes")?.after(categoryError);
  slots.set("location", slots.get("location.country") as Slot);

  const { figure: _stated, ...given } = source ?? { excerpt: "" };
  const body = (): Record<string, unknown> => {
    const figureNow = amountInput();
    const accelerated = accelerators
      .values()
      .map(({ model = "", count = "" }) => ({ model, count: Number(count.replaceAll(",", "")) }));
    const capacity = {
      ...(power.value.trim() ? { powerMw: Number(power.value.trim()) } : {}),
      ...(accelerated.length > 0 ? { accelerators: accelerated } : {}),
    };
    return {
      title: title.value.trim(),
      announcedOn: announcedOn.value.trim(),
      announcedOnPrecision: precision.value,
      parties: parties
        .values()
        .map(({ name = "", role = "", kind }) => ({ name, role, ...(kind ? { kind } : {}) })),
      ...(figureNow ? { amount: figureNow } : {}),
      categories: categories.filter((box) => box.checked).map((box) => box.value),
      location: { country: country.value.trim().toUpperCase() },
      ...(Object.keys(capacity).length > 0 ? { capacity } : {}),
      confidence: confidence.value,
      // The source states the figure as corrected here: the person editing reads the same sentence.
      sources: [
        {
          ...given,
          url: url.value.trim(),
          excerpt: excerpt.value.trim(),
          ...(figureNow ? { figure: figureNow } : {}),
        },
      ],
    };
  };

  const slotOf = (path: string): Slot | undefined => {
    const row = /^(parties|capacity\.accelerators)\.(\d+)\.(\w+)/.exec(path);
    if (row) {
      const list = row[1] === "parties" ? parties : accelerators;
      return list.rows[Number(row[2])]?.slots[row[3] as string];
    }
    const parts = path.split(".");
    for (let length = parts.length; length > 0; length--) {
      const slot = slots.get(parts.slice(0, length).join("."));
      if (slot) return slot;
    }
    return parts[0] === "amount" ? slots.get("amount.low") : undefined;
  };
  const allSlots = () => [
    ...slots.values(),
    ...[...parties.rows, ...accelerators.rows].flatMap((row) => Object.values(row.slots)),
  ];

  return {
    element,
    title: commitment.title,
    chosen: () => chosen.checked && !chosen.disabled,
    body,
    showErrors(errors) {
      for (const slot of allSlots()) setError(slot, undefined);
      const unplaced: typeof errors = [];
      for (const error of errors) {
        const slot = slotOf(error.path);
        if (slot)
          setError(slot, slot.error.hidden ? error.message : `${slot.error.textContent}; ${error.message}`);
        else unplaced.push(error);
      }
      return unplaced;
    },
    setResult: (...children) => replace(result, ...children),
    markSaved() {
      chosen.checked = false;
      chosen.disabled = true;
      element.classList.add("saved");
    },
  };
}
