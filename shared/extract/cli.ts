// `npm run extract -- FILE` (or text on stdin): prints the drafts as JSON; `--score` prints the corpus scores.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { extractDrafts } from "./extract.ts";
import { type CorpusEntry, formatScore, scoreCorpus } from "./score.ts";

const CORPUS = new URL("../../tests/fixtures/announcements/", import.meta.url);

export async function loadCorpus(split: "tuned" | "held-out"): Promise<CorpusEntry[]> {
  return JSON.parse(await readFile(new URL(`${split}.json`, CORPUS), "utf8")) as CorpusEntry[];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      score: { type: "boolean" },
      url: { type: "string" },
      "published-on": { type: "string" },
      language: { type: "string" },
      publisher: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(
      "usage: npm run -s extract -- [FILE] [--published-on YYYY-MM-DD] [--url URL] [--language ko|en] [--publisher NAME]\n       npm run -s extract -- --score",
    );
    return 0;
  }
  if (values.score) {
    for (const split of ["tuned", "held-out"] as const)
      console.log(
        `${formatScore(split === "tuned" ? "Tuned set" : "Held-out set (not tuned on)", scoreCorpus(await loadCorpus(split)))}\n`,
      );
    return 0;
  }
  const file = positionals[0];
  const text = file && file !== "-" ? await readFile(file, "utf8") : await readStdin();
  const input: Parameters<typeof extractDrafts>[0] = { text };
  if (values.url) input.url = values.url;
  if (values["published-on"]) input.publishedOn = values["published-on"];
  if (values.language) input.language = values.language;
  if (values.publisher) input.publisher = values.publisher;
  console.log(JSON.stringify(extractDrafts(input), null, 2));
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
