import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Commitment } from "../../shared/commitments/schema.ts";
import { commitmentsToCsv, exportLine } from "../../shared/http/csv.ts";
import { readRows } from "../../shared/import/read.ts";
import { type BatchAnswer, type ImportOptions, importFile, type SendBatch } from "../../shared/import/run.ts";

// gc() for the memory test: what the import holds, not the garbage it has yet to collect.
setFlagsFromString("--expose-gc");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ait-import-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
async function file(content: string | Buffer, extension = "csv"): Promise<string> {
  const path = join(dir, `file-${++files}.${extension}`);
  await writeFile(path, content);
  return path;
}

function record(index: number, overrides: Partial<Commitment> = {}): Commitment {
  return {
    id: `cmt_01JHQ4V6Z9X8Y7W6V5T4S3R${String(index).padStart(3, "0")}`.replace(/[ILOU]/g, "0"),
    title: `국가 AI 컴퓨팅 센터 ${index}`,
    announcedOn: "2025-02-17",
    announcedOnPrecision: "day",
    parties: [{ name: "과학기술정보통신부", role: "government", slug: "msit", writtenAs: "과기정통부" }],
    amount: { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" },
    amountUsd: null,
    categories: ["compute"],
    location: { country: "KR", region: "전라남도" },
    capacity: { powerMw: 40.5, accelerators: [{ model: "H100", count: 15000 }] },
    status: "announced",
    confidence: "official",
    sources: [
      {
        url: "https://www.msit.go.kr/a",
        excerpt: "최대 2조 5천억 원",
        figure: { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" },
      },
    ],
    sourcesDisagree: false,
    tags: ["sovereign; AI", "=not a formula"],
    version: 2,
    createdAt: "2025-02-17T00:00:00.000Z",
    updatedAt: "2025-02-18T00:00:00.000Z",
    ...overrides,
  };
}

async function rowsOf(path: string, format: "csv" | "jsonl" = "csv") {
  const rows = [];
  for await (const row of readRows(path, format)) rows.push(row);
  return rows;
}

/** A batch endpoint in memory: every item valid (dry run) or created with a new id; it records what it got. */
function fakeApi(answer: (item: unknown, index: number) => BatchAnswer | undefined = () => undefined) {
  const sent: { items: unknown[]; keys: string[]; dryRun: boolean }[] = [];
  let next = 0;
  const send: SendBatch = async (items, keys, dryRun) => {
    sent.push({ items, keys, dryRun });
    return items.map(
      (item, index) =>
        answer(item, index) ??
        (dryRun
          ? { result: "valid", status: 200 }
          : { result: "created", status: 201, id: `cmt_NEW${String(next++).padStart(23, "0")}` }),
    );
  };
  return { send, sent };
}

const run = (path: string, send: SendBatch, options: Partial<ImportOptions> = {}) =>
  importFile({ file: path, format: path.endsWith(".csv") ? "csv" : "jsonl", send, ...options });

describe("reading an export back", () => {
  it("reads a CSV export back to the record's input, Korean, sources with figures, capacity and tags included", async () => {
    const [row] = await rowsOf(await file(commitmentsToCsv([record(1)])));

    expect(row?.problems).toEqual([]);
    expect(row?.input).toEqual({
      title: "국가 AI 컴퓨팅 센터 1",
      announcedOn: "2025-02-17",
      announcedOnPrecision: "day",
      status: "announced",
      confidence: "official",
      location: { country: "KR", region: "전라남도" },
      categories: ["compute"],
      parties: [{ name: "과기정통부", role: "government" }],
      amount: { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" },
      capacity: { powerMw: 40.5, accelerators: [{ model: "H100", count: 15000 }] },
      sources: record(1).sources,
      tags: ["sovereign; AI", "=not a formula"],
    });
  });

  it("reads a JSON Lines export back to the same input as the CSV", async () => {
    const csv = await rowsOf(await file(commitmentsToCsv([record(1, { parentId: record(0).id })])));
    const jsonl = await rowsOf(
      await file(exportLine("jsonl", record(1, { parentId: record(0).id })), "jsonl"),
      "jsonl",
    );

    expect(jsonl[0]?.input).toEqual(csv[0]?.input);
  });

  it("keeps a title that starts with = as text, and says so", async () => {
    const [row] = await rowsOf(
      await file(commitmentsToCsv([record(1, { title: '=HYPERLINK("http://x")' })])),
    );

    expect(row?.input.title).toBe('=HYPERLINK("http://x")');
    expect(row?.warnings.join()).toMatch(/title starts with "="/);
  });

  it("names the line and the column of each bad cell", async () => {
    const blank = [{ name: " ", role: "funder" as const, slug: "" }];
    const csv = commitmentsToCsv([
      record(1, { description: "two\r\nlines" }),
      record(2, { announcedOn: "2025-02-30" }),
      record(3, { parties: blank }),
    ]);
    const rows = await rowsOf(await file(csv));

    expect(rows.map((row) => [row.line, row.problems.map((problem) => problem.field)])).toEqual([
      [2, []],
      [4, ["announcedOn"]],
      [5, ["parties[0].name", "parties[0].name"]],
    ]);
  });

  it.each([
    ["LF line ends", "\n", true],
    ["CR line ends", "\r", true],
    ["LF line ends and none after the last row", "\n", false],
  ])("names the line each row starts on in a file with %s", async (_, end, endsLast) => {
    const csv = commitmentsToCsv([
      record(1, { description: "two\r\nlines" }),
      record(2),
      record(3),
    ]).replaceAll("\r\n", end);
    const rows = await rowsOf(await file(endsLast ? csv : csv.slice(0, -1)));

    expect(rows.map((row) => row.line)).toEqual([2, 4, 5]);
  });
});

describe("hostile files", () => {
  it("stops at the first byte that is not UTF-8, naming its line (a BOM-less EUC-KR file)", async () => {
    const header = commitmentsToCsv([]).replace(/^\uFEFF/, "");
    // "국가" in EUC-KR on the third line.
    const bytes = Buffer.concat([
      Buffer.from(`${header}x,y\r\n`),
      Buffer.from([0xb1, 0xb9, 0xb0, 0xa1]),
      Buffer.from(",z\r\n"),
    ]);

    await expect(rowsOf(await file(bytes))).rejects.toThrow(
      /^line 3: byte 0xb1 is not UTF-8.*save it as UTF-8/,
    );
  });

  it("names the line of the first byte that is not UTF-8 in a file with CR line ends (Excel's CSV for Mac)", async () => {
    const header = commitmentsToCsv([])
      .replace(/^\uFEFF/, "")
      .replace("\r\n", "\r");
    // "é" in Mac Roman on the third line.
    const bytes = Buffer.concat([Buffer.from(`${header}x,y\r`), Buffer.from([0x8e]), Buffer.from(",z\r")]);

    await expect(rowsOf(await file(bytes))).rejects.toThrow(/^line 3: byte 0x8e is not UTF-8/);
  });

  it("counts a CRLF cut between two chunks of the file as one line break", async () => {
    // The CR is the last byte of the first 256 KiB the file is read in, its LF the first of the next.
    const bytes = Buffer.concat([
      Buffer.from(`${"a".repeat(256 * 1024 - 1)}\r\nx,y\r\n`),
      Buffer.from([0xff]),
      Buffer.from(",z\r\n"),
    ]);

    await expect(rowsOf(await file(bytes))).rejects.toThrow(/^line 3: byte 0xff is not UTF-8/);
  });

  it("refuses a row of 10,000 cells on its own, naming its line", async () => {
    const csv =
      commitmentsToCsv([record(1)]) +
      `${"x,".repeat(9_999)}x\r\n` +
      commitmentsToCsv([record(2)]).split("\r\n")[1] +
      "\r\n";
    const rows = await rowsOf(await file(csv));

    expect(rows.map((row) => row.problems.map((problem) => problem.message))).toEqual([
      [],
      ["has 10000 cells; the header has 30"],
      [],
    ]);
  });

  it("stops at a quote left open, naming the line it opens on", async () => {
    const csv = `${commitmentsToCsv([record(1)])}cmt_x,"Stargate,2025-01-21\r\ncmt_y,Meta,2025-01-24\r\n`;

    await expect(rowsOf(await file(csv))).rejects.toThrow(
      /^line 3: a quote opened on this line is never closed/,
    );
  });

  it("names the line a quote opens on when a quote rows further on closes it", async () => {
    const [header, ...rows] = commitmentsToCsv([record(1), record(2)]).split("\r\n");
    const csv = [header, 'cmt_x,"Stargate,2025-01-21', ...rows].join("\n");

    await expect(rowsOf(await file(csv))).rejects.toThrow(/^line 2: Invalid Closing Quote/);
  });

  it("names the line a quote left open is on in a row that starts on an earlier line", async () => {
    const header = commitmentsToCsv([]).replace(/\r\n$/, "");
    const csv = [header, 'cmt_x,"two', 'lines",2025-01-21,"day', "cmt_y,Meta,2025-01-24", ""].join("\n");

    await expect(rowsOf(await file(csv))).rejects.toThrow(
      /^line 3: a quote opened on this line is never closed/,
    );
  });

  it("names the line of a quote in the middle of a cell", async () => {
    const csv = `${commitmentsToCsv([record(1)])}cmt_x,Star"gate,2025-01-21\r\n`;

    await expect(rowsOf(await file(csv))).rejects.toThrow(/^line 3: Invalid Opening Quote/);
  });

  it("reports a JSON Lines line that is not JSON with its line", async () => {
    const jsonl = `${exportLine("jsonl", record(1))}{"title": "broken"\n${exportLine("jsonl", record(2))}`;
    const rows = await rowsOf(await file(jsonl, "jsonl"), "jsonl");

    expect(rows.map((row) => [row.line, row.problems.map((problem) => problem.field)])).toEqual([
      [1, []],
      [2, ["(line)"]],
      [3, []],
    ]);
  });

  it("writes nothing when one row is invalid, and names it", async () => {
    const api = fakeApi();
    const lines: string[] = [];
    const path = await file(
      commitmentsToCsv([record(1), record(2), record(3, { confidence: "rumour" as "official" })]),
    );

    const summary = await run(path, api.send, { report: (line) => lines.push(line) });

    expect(api.sent).toEqual([]);
    expect(summary).toMatchObject({ wrote: false, invalid: 1 });
    expect(lines).toEqual([expect.stringMatching(/^line 4: invalid: confidence: /)]);
  });

  it("reports a row repeated in one file as a duplicate and sends it once", async () => {
    const api = fakeApi();
    const path = await file(
      commitmentsToCsv([record(1), record(2), record(3)])
        .replace(record(3).id, record(2).id.replace(/.$/, "Z"))
        .replace(/국가 AI 컴퓨팅 센터 3/, "국가 AI 컴퓨팅 센터 2"),
    );

    const summary = await run(path, api.send);

    expect(summary).toMatchObject({ imported: 2, duplicate: 1 });
    expect(api.sent.flatMap((batch) => batch.items)).toHaveLength(2);
  });
});

describe("importing", () => {
  it("writes wholes before their parts, each part naming its whole's new id", async () => {
    const whole = record(1);
    const part = record(2, { parentId: whole.id });
    const api = fakeApi();

    await run(await file(commitmentsToCsv([part, whole])), api.send);

    expect(
      api.sent.map((batch) => batch.items.map((item) => (item as { parentId?: string }).parentId)),
    ).toEqual([[undefined], ["cmt_NEW00000000000000000000000"]]);
  });

  it("gives a row the same key in every run and in either format", async () => {
    const csv = fakeApi();
    const jsonl = fakeApi();
    const again = fakeApi();

    await run(await file(commitmentsToCsv([record(1), record(2)])), csv.send);
    await run(await file(commitmentsToCsv([record(1), record(2)])), again.send);
    await run(
      await file(exportLine("jsonl", record(1)) + exportLine("jsonl", record(2)), "jsonl"),
      jsonl.send,
    );

    expect(again.sent[0]?.keys).toEqual(csv.sent[0]?.keys);
    expect(jsonl.sent[0]?.keys).toEqual(csv.sent[0]?.keys);
  });

  it("leaves out the parts of a whole that was refused, and puts both in the rejected-rows file", async () => {
    const whole = record(1);
    const part = record(2, { parentId: whole.id });
    const api = fakeApi((item) =>
      (item as { title: string }).title === whole.title
        ? { result: "error", status: 409, error: { detail: "looks like cmt_X", candidates: [{}] } }
        : undefined,
    );
    const path = await file(commitmentsToCsv([whole, part]));

    const summary = await run(path, api.send);
    const rejected = (await readFile(summary.rejectsFile as string, "utf8")).split("\r\n");

    expect(summary).toMatchObject({ "near-duplicate": 1, "whole-not-imported": 1, imported: 0 });
    expect(rejected[0]?.endsWith(",rejectedBecause")).toBe(true);
    expect(rejected.slice(1, 3).map((line) => line.split(",").at(-1))).toEqual([
      "near-duplicate: looks like cmt_X",
      "whole-not-imported: its whole (line 2) was not imported (near-duplicate)",
    ]);
  });

  it("reads a rejected-rows file back as the rows it holds", async () => {
    const api = fakeApi(() => ({ result: "error", status: 422, error: { detail: "no" } }));
    const summary = await run(
      await file(commitmentsToCsv([record(1, { title: "'quoted' =title" })])),
      api.send,
    );

    const [row] = await rowsOf(summary.rejectsFile as string);

    expect(row?.input.title).toBe("'quoted' =title");
  });

  it("reads a 50 MB file in bounded memory", { timeout: 180_000 }, async () => {
    const path = join(dir, "large.jsonl");
    const out = createWriteStream(path);
    let bytes = 0;
    for (let index = 0; bytes < 50 * 1024 * 1024; index++) {
      const line = exportLine("jsonl", record(index, { description: "설명 ".repeat(1300) }));
      bytes += Buffer.byteLength(line);
      if (!out.write(line)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    // An API that keeps nothing of what it is sent.
    const send: SendBatch = async (items) => items.map(() => ({ result: "valid", status: 200 }));
    const gc = runInNewContext("gc") as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let retained = 0;
    const summary = await run(path, send, {
      dryRun: true,
      progress: (done) => {
        if (done % 1000 !== 0) return;
        gc();
        retained = Math.max(retained, process.memoryUsage().heapUsed - baseline);
      },
    });

    expect(summary.valid).toBe(summary.rows);
    expect(retained, "heap held while writing a 50 MB file").toBeLessThan(10 * 1024 * 1024);
  });
});

describe("rates the ledger lacks", () => {
  const usd = { currency: "USD", low: "7", high: "7", qualifier: "exact" } as const;
  const ledger = [
    record(1, { announcedOn: "2025-01-10" }),
    record(2, { announcedOn: "2025-03-01" }),
    record(3, { announcedOn: "2025-01-10", amount: { ...usd, currency: "EUR" } }),
    record(4, { amount: usd }),
    record(5, { amount: undefined }),
  ];

  it("names, before writing, the rows dated before the ledger's first rate of their currency", async () => {
    const reported: string[] = [];
    const asked: string[] = [];
    const summary = await run(await file(commitmentsToCsv(ledger)), fakeApi().send, {
      report: (line) => reported.push(line),
      rateDates: async (currency) => {
        asked.push(currency);
        return currency === "KRW" ? ["2025-03-01", "2025-02-01"] : [];
      },
    });

    expect(asked.toSorted()).toEqual(["EUR", "KRW"]);
    expect(summary).toMatchObject({ imported: 5, withoutRate: 2 });
    expect(reported).toEqual([
      expect.stringMatching(
        /^KRW: 1 row \(line 2\) dated before the ledger's first KRW rate \(2025-02-01\): recorded without a US\$ figure/,
      ),
      expect.stringMatching(
        /^EUR: 1 row \(line 4\) and the ledger has no EUR rate: recorded without a US\$ figure/,
      ),
    ]);
  });

  it("says so in a dry run too, and goes on when the rates cannot be read", async () => {
    const reported: string[] = [];
    const summary = await run(await file(commitmentsToCsv(ledger)), fakeApi().send, {
      dryRun: true,
      report: (line) => reported.push(line),
      rateDates: async (currency) => {
        if (currency === "EUR") throw new Error("GET /fx-rates answered 503");
        return [];
      },
    });

    expect(summary).toMatchObject({ valid: 5, withoutRate: 2 });
    expect(reported).toEqual([
      expect.stringMatching(/^KRW: 2 rows \(line 2, 3\) and the ledger has no KRW rate/),
      "EUR: the ledger's rates could not be read (GET /fx-rates answered 503); not checked",
    ]);
  });
});
