/**
 * Extraction quality for `npm run bench`: precision and recall per field and language on the labelled
 * announcements, tuned and held-out apart. Pure and quick (no DynamoDB): `node tests/bench/extract.ts` runs it
 * alone; `benchExtract()` gives the rows for the bench's tables.
 */
import { readFile } from "node:fs/promises";
import { type CorpusEntry, FIELDS, precision, recall, scoreCorpus } from "../../shared/extract/score.ts";
import { formatTable, type Row } from "./harness.ts";

const corpus = new URL("../fixtures/announcements/", import.meta.url);

export async function benchExtract(): Promise<{ title: string; rows: Row[] }[]> {
  const tables: { title: string; rows: Row[] }[] = [];
  for (const split of ["tuned", "held-out"] as const) {
    const entries = JSON.parse(await readFile(new URL(`${split}.json`, corpus), "utf8")) as CorpusEntry[];
    const started = performance.now();
    const score = scoreCorpus(entries);
    const ms = performance.now() - started;
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
  return tables;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { title, rows } of await benchExtract()) console.log(formatTable(title, rows));
}
