/**
 * Extraction quality for `npm run bench`: precision and recall per field and language on the labelled
 * announcements, tuned and held-out apart; then the speed of hostile run-on texts of the API's largest body,
 * per KB against the labelled announcements' own per-KB time in the same run. Pure and quick (no DynamoDB):
 * `node tests/bench/extract.ts` runs it alone; `benchExtract()` gives the rows for the bench's tables.
 */
import { readFile } from "node:fs/promises";
import { extractDrafts } from "../../shared/extract/index.ts";
import { type CorpusEntry, FIELDS, precision, recall, scoreCorpus } from "../../shared/extract/score.ts";
import { formatTable, type Row } from "./harness.ts";

const corpus = new URL("../fixtures/announcements/", import.meta.url);

/** Just under the API's 256 KiB body: one sentence (no full stop) of a unit repeated. */
const BODY = 250_000;
const HOSTILE: readonly [string, string][] = [
  ["$5 billion", "$5 billion "],
  ["USD 5 billion", "USD 5 billion "],
  ["5 billion dollars", "5 billion dollars "],
  ["between $1 billion and", "between $1 billion and "],
  ["OpenAI and Meta invest $5 billion with", "OpenAI and Meta invest $5 billion with "],
  ["H100 1000 GPUs", "H100 1000 GPUs "],
];

function hostileRows(corpusMsPerKb: number): Row[] {
  return HOSTILE.map(([name, unit]) => {
    const text = unit.repeat(Math.floor(BODY / unit.length));
    const started = performance.now();
    const result = extractDrafts({ text, publishedOn: "2025-02-05" });
    const ms = performance.now() - started;
    const kb = text.length / 1000;
    return {
      "repeated unit": name,
      kb: Math.round(kb),
      ms: Math.round(ms),
      "answer MB": Math.round(JSON.stringify(result).length / 10_000) / 100,
      "ms per KB / corpus's": Math.round((ms / kb / corpusMsPerKb) * 10) / 10,
    };
  });
}

export async function benchExtract(): Promise<{ title: string; rows: Row[] }[]> {
  const tables: { title: string; rows: Row[] }[] = [];
  let corpusMs = 0;
  let corpusKb = 0;
  for (const split of ["tuned", "held-out"] as const) {
    const entries = JSON.parse(await readFile(new URL(`${split}.json`, corpus), "utf8")) as CorpusEntry[];
    const started = performance.now();
    const score = scoreCorpus(entries);
    const ms = performance.now() - started;
    corpusMs += ms;
    corpusKb += entries.reduce((sum, entry) => sum + entry.text.length, 0) / 1000;
    const rows: Row[] = [];
    for (const [language, fields] of Object.entries(score.byLanguage))
      for (const field of FIELDS) {
        const tally = fields[field];
        rows.push({
          language,
          field,
          precision: Math.round(precision(tally) * 100) / 100,
          recall: Math.round(recall(tally) * 100) / 100,
          "correct/predicted/expected": `${tally.correct}/${tally.predicted}/${tally.expected}`,
        });
      }
    tables.push({ title: `Extraction, ${split} set: ${score.texts} texts in ${Math.round(ms)} ms`, rows });
  }
  tables.push({
    title:
      "Extraction of hostile run-on texts (one sentence of a repeated unit, near the 256 KiB body limit)",
    rows: hostileRows(corpusMs / corpusKb),
  });
  return tables;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { title, rows } of await benchExtract()) console.log(formatTable(title, rows));
}
