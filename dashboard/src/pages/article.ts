/**
 * "Add from an article" (#/drafts): a person pastes an announcement's text, POST /drafts drafts its commitments,
 * the page shows each figure marked in the text and one editable card per draft, and saves the chosen ones through
 * POST /commitments, the same create as any client's, duplicates and near-duplicates refused as usual. The rates
 * the text implies can be saved too. Writes need an API key, which is kept in this tab's sessionStorage only.
 */
import { dayText } from "../../../shared/format/dates.ts";
import { fxKindLabel } from "../../../shared/format/labels.ts";
import { figure, rateLongText } from "../../../shared/format/money.ts";
import { ApiError, getJson, sendJson } from "../api.ts";
import { type Child, h, replace } from "../dom.ts";
import { labelled, select, setError, textInput } from "../fields.ts";
import { href } from "../route.ts";
import type { Draft, Drafts, DuplicateCandidate, FxRate, ImpliedRate, Span } from "../types.ts";
import { errorMessage, heading, type View } from "../view.ts";
import { type DraftCard, draftCard } from "./draft-card.ts";

const KEY_STORAGE = "ait-api-key";

export async function articlePage(): Promise<View> {
  const key = h("input", { type: "password", autocomplete: "off", spellcheck: "false" });
  key.value = sessionStorage.getItem(KEY_STORAGE) ?? "";
  key.addEventListener("input", () => {
    const value = key.value.trim();
    if (value) sessionStorage.setItem(KEY_STORAGE, value);
    else sessionStorage.removeItem(KEY_STORAGE);
  });
  const apiKey = () => key.value.trim();
  const text = h("textarea", { rows: "10", required: true });
  const url = textInput("", { type: "url", placeholder: "https://…" });
  const publisher = textInput("", { maxlength: "200" });
  const title = textInput("", { maxlength: "500" });
  const publishedOn = textInput("", { placeholder: "YYYY-MM-DD", maxlength: "10" });
  const language = select(
    [
      ["", "Not stated"],
      ["ko", "Korean"],
      ["en", "English"],
    ],
    "",
  );
  const results = h("div", { class: "article-results", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "article-form", "aria-label": "The article" },
    labelled(
      "API key",
      key,
      "A key with the write scope saves commitments; saving a rate needs the admin scope. It stays in this tab until you close it.",
    ).field,
    labelled("The article's text", text, "Korean or English, pasted whole").field,
    h(
      "div",
      { class: "field-row" },
      labelled("Its address", url).field,
      labelled("Publisher", publisher).field,
      labelled("Headline", title).field,
      labelled(
        "Published on",
        publishedOn,
        "YYYY-MM-DD, or YYYY-MM: dates such as “지난 22일” are read from it",
      ).field,
      labelled("Language", language).field,
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Find the commitments")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const article = {
      text: text.value,
      ...Object.fromEntries(
        Object.entries({
          url: url.value.trim(),
          publisher: publisher.value.trim(),
          title: title.value.trim(),
          publishedOn: publishedOn.value.trim(),
          language: language.value,
        }).filter(([, value]) => value !== ""),
      ),
    };
    if (!apiKey()) {
      replace(results, h("p", { class: "error", role: "alert" }, "Enter an API key first."));
      key.focus();
      return;
    }
    results.setAttribute("aria-busy", "true");
    replace(results, h("p", {}, "Reading the text…"));
    sendJson<Drafts>("POST", "/drafts", article, apiKey())
      .then((answer) => replace(results, ...drafted(answer, article.text, language.value, apiKey)))
      .catch((error: unknown) => replace(results, errorMessage(error)))
      .finally(() => results.removeAttribute("aria-busy"));
  });
  const content = h(
    "div",
    { class: "article-page" },
    heading("Add from an article"),
    h(
      "p",
      { class: "lede" },
      "Paste an announcement or a news article: each figure it states is found and marked, each commitment becomes a draft to check and correct, and the ones you choose are recorded with the article as their source. Nothing is recorded until you save.",
    ),
    form,
    results,
  );
  return { title: "Add from an article", content };
}

/** What POST /drafts found: the marked text, a card per draft with "Save chosen", the implied rates. */
function drafted(answer: Drafts, text: string, language: string, apiKey: () => string): Child[] {
  const cards = answer.drafts.map((draft, index) => draftCard(draft, index, answer.drafts));
  const status = h("p", { role: "status", class: "save-status" });
  const saveChosen = h("button", { type: "button" }, "Save chosen");
  saveChosen.addEventListener("click", async () => {
    const chosen = cards.filter((card) => card.chosen());
    if (chosen.length === 0) {
      status.textContent = "No draft is chosen.";
      return;
    }
    saveChosen.disabled = true;
    status.textContent = `Saving ${chosen.length} draft${chosen.length === 1 ? "" : "s"}…`;
    for (const card of chosen) await save(card, apiKey, false);
    saveChosen.disabled = false;
    status.textContent = "Done: each draft says what became of it.";
  });
  return [
    answer.notes.length > 0 &&
      h(
        "ul",
        { class: "callout", "aria-label": "Notes on the text" },
        answer.notes.map((note) => h("li", {}, note)),
      ),
    h("h2", {}, "The text and its figures"),
    h(
      "p",
      { class: "muted" },
      "Marked and numbered: the figures drafted as commitments. Underlined: figures read as context, not commitments.",
    ),
    marked(text, answer, language),
    h("h2", {}, answer.drafts.length === 1 ? "1 draft" : `${answer.drafts.length} drafts`),
    answer.drafts.length === 0
      ? h("p", {}, "No commitment was found in this text.")
      : [cards.map((card) => card.element), h("div", { class: "actions save-bar" }, saveChosen, status)],
    answer.impliedRates.length > 0 && [
      h("h2", {}, "Exchange rates the text implies"),
      h(
        "ul",
        { class: "implied-rates" },
        answer.impliedRates.map((rate) => rateItem(rate, apiKey)),
      ),
    ],
  ];
}

/** The text with each draft's figure in a numbered `<mark>` and each context figure underlined, with its reason. */
function marked(text: string, answer: Drafts, language: string): HTMLElement {
  const spans: (Span & { draft?: number; reason?: string })[] = [
    ...answer.drafts.map((draft: Draft, index) => ({
      ...(draft.evidence.figure ?? draft.evidence.sentence),
      draft: index + 1,
    })),
    ...answer.ignored.map(({ start, end, reason }) => ({ start, end, reason })),
  ].sort((a, b) => a.start - b.start);
  const parts: Child[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    parts.push(text.slice(at, span.start));
    const written = text.slice(span.start, span.end);
    parts.push(
      span.draft !== undefined
        ? [
            h("mark", { "data-draft": span.draft }, written),
            h("sup", { class: "mark-label" }, h("span", { class: "visually-hidden" }, " draft "), span.draft),
          ]
        : h(
            "span",
            { class: "context-figure", title: span.reason },
            written,
            h("span", { class: "visually-hidden" }, ` (context: ${span.reason})`),
          ),
    );
    at = span.end;
  }
  parts.push(text.slice(at));
  return h("div", { class: "article-text", lang: language || undefined }, parts);
}

/** Records one draft; a refusal is shown on its card. */
async function save(card: DraftCard, apiKey: () => string, allowDuplicate: boolean): Promise<void> {
  card.setResult(h("p", {}, "Saving…"));
  try {
    const created = await sendJson<{ id: string; title: string }>(
      "POST",
      "/commitments",
      card.body(),
      apiKey(),
      allowDuplicate ? { allowDuplicate: "true" } : {},
    );
    card.showErrors([]);
    card.markSaved();
    card.setResult(
      h(
        "p",
        { class: "saved-note" },
        "Saved as ",
        h("a", { href: href(["commitments", created.id]) }, created.title),
        ".",
      ),
    );
  } catch (error) {
    card.setResult(...(await refusal(error, card, () => save(card, apiKey, true))));
  }
}

async function refusal(error: unknown, card: DraftCard, saveAnyway: () => Promise<void>): Promise<Child[]> {
  if (!(error instanceof ApiError)) return [errorMessage(error)];
  if (error.status === 422) {
    const unplaced = card.showErrors(error.errors);
    return [
      h("p", { class: "error", role: "alert" }, "Not saved: correct the fields marked in this draft."),
      unplaced.length > 0 &&
        h(
          "ul",
          { class: "error" },
          unplaced.map((field) => h("li", {}, `${field.path}: ${field.message}`)),
        ),
    ];
  }
  if (error.status !== 409) return [h("p", { class: "error", role: "alert" }, `Not saved: ${error.message}`)];
  const existingId = typeof error.problem.existingId === "string" ? error.problem.existingId : undefined;
  const candidates = ((error.problem.candidates ?? []) as DuplicateCandidate[]).filter(
    (candidate) => candidate.id !== existingId,
  );
  const anyway = h("button", { type: "button", class: "secondary" }, "Save anyway");
  anyway.addEventListener("click", () => void saveAnyway());
  const existing = existingId
    ? await getJson<{ title: string }>(`/commitments/${encodeURIComponent(existingId)}`).catch(() => ({
        title: existingId,
      }))
    : undefined;
  return [
    h(
      "p",
      { class: "error", role: "alert" },
      "Not saved: ",
      existingId && existing
        ? [
            "it repeats a recorded commitment, ",
            h("a", { href: href(["commitments", existingId]) }, existing.title),
            ".",
          ]
        : "it looks like recorded commitments.",
    ),
    candidates.length > 0 &&
      h(
        "ul",
        { class: "candidates", "aria-label": "Recorded commitments like this one" },
        candidates.map((candidate) =>
          h(
            "li",
            {},
            h("a", { href: href(["commitments", candidate.id]) }, candidate.title),
            ` — ${figure(candidate.amount)}, announced ${dayText(candidate.announcedOn)}`,
            candidate.sharedParties.length > 0 && `; also names ${candidate.sharedParties.join(", ")}`,
            candidate.sameCountry && "; same country",
          ),
        ),
      ),
    h("p", {}, "If it is another commitment all the same, ", anyway, "."),
  ];
}

/** An implied rate with its date and source editable, and "Save rate" (PUT /fx-rates/{currency}/{date}). */
function rateItem(rate: ImpliedRate, apiKey: () => string): HTMLElement {
  const date = labelled("From", textInput(rate.date, { placeholder: "YYYY-MM-DD", maxlength: "10" }));
  const source = labelled("Source", h("textarea", { rows: "3", maxlength: "500" }, rate.source));
  const result = h("div", { role: "status" });
  const button = h("button", { type: "button" }, "Save rate");
  const { currency, unitsPerUsd, usdPerUnit } = rate;
  button.addEventListener("click", async () => {
    const day = date.slot.control.value.trim();
    setError(date.slot, /^\d{4}-\d{2}-\d{2}$/.test(day) ? undefined : "a day, YYYY-MM-DD");
    setError(source.slot, undefined);
    if (!date.slot.error.hidden) return;
    button.disabled = true;
    try {
      const saved = await sendJson<FxRate>(
        "PUT",
        `/fx-rates/${currency}/${day}`,
        {
          ...(unitsPerUsd ? { unitsPerUsd } : { usdPerUnit }),
          kind: "implied",
          source: source.slot.control.value.trim(),
        },
        apiKey(),
      );
      replace(
        result,
        h(
          "p",
          { class: "saved-note" },
          `Saved: ${rateLongText(saved)} from ${dayText(saved.date)}`,
          saved.version !== undefined && ` (version ${saved.version})`,
          ". ",
          h("a", { href: href(["fx-rates"], { currency }) }, "See the rates"),
        ),
      );
    } catch (error) {
      const fields = error instanceof ApiError ? error.errors : [];
      for (const field of fields)
        setError(field.path.startsWith("source") ? source.slot : date.slot, field.message);
      replace(result, h("p", { class: "error", role: "alert" }, `Not saved: ${(error as Error).message}`));
    } finally {
      button.disabled = false;
    }
  });
  return h(
    "li",
    { class: "implied-rate" },
    h(
      "p",
      {},
      h("strong", {}, rateLongText(rate)),
      ` (${fxKindLabel("implied")}${rate.exact ? "" : ", rounded"})`,
    ),
    h("div", { class: "field-row" }, date.field),
    source.field,
    h("div", { class: "actions" }, button),
    result,
  );
}
