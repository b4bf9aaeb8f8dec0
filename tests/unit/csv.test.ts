import { describe, expect, it } from "vitest";
import type { Commitment } from "../../shared/commitments/schema.ts";
import { commitmentsToCsv } from "../../shared/http/csv.ts";

const HEADER =
  "\uFEFFid,title,description,announcedOn,announcedOnPrecision,status,confidence,country,region,site,categories," +
  "parties,currency,low,high,qualifier,figure,usdLow,usdHigh,fxRate,periodStart,periodEnd,powerMw,accelerators," +
  "parentId,sources,tags,sourcesDisagree,version,updatedAt";

function record(overrides: Partial<Commitment> = {}): Commitment {
  return {
    id: "cmt_01JHQ4V6Z9X8Y7W6V5T4S3R2Q1",
    title: "Stargate",
    announcedOn: "2025-01-21",
    announcedOnPrecision: "day",
    parties: [
      { name: "SoftBank Group", role: "funder", slug: "softbank-group" },
      { name: "OpenAI", role: "operator", slug: "openai" },
    ],
    amount: { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "at-least" },
    amountUsd: {
      low: "500000000000",
      high: "500000000000",
      rate: { currency: "USD", date: null, unitsPerUsd: "1", kind: null, source: null, version: null },
      stale: false,
    },
    categories: ["data-center", "compute"],
    location: { country: "US" },
    status: "announced",
    confidence: "official",
    sources: [{ url: "https://openai.com/a" }, { url: "https://example.com/b" }],
    sourcesDisagree: false,
    version: 3,
    createdAt: "2025-01-22T00:00:00.000Z",
    updatedAt: "2025-01-23T10:00:00.000Z",
    ...overrides,
  };
}

/** A small RFC 4180 reader: enough to check that what we write reads back as the same cells. */
function parseCsv(csv: string): string[][] {
  const text = csv.replace(/^\uFEFF/, "");
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      index++;
    } else cell += char;
  }
  if (cell !== "" || row.length > 0) throw new Error("the last row has no CRLF");
  return rows;
}

function cellOf(csv: string, column: string): string | undefined {
  const [header = [], first = []] = parseCsv(csv);
  return first[header.indexOf(column)];
}

describe("commitmentsToCsv", () => {
  it("writes the exact rows of a fixture", () => {
    expect(commitmentsToCsv([record()])).toBe(
      `${HEADER}\r\n` +
        "cmt_01JHQ4V6Z9X8Y7W6V5T4S3R2Q1,Stargate,,2025-01-21,day,announced,official,US,,,data-center;compute," +
        '"[{""name"":""SoftBank Group"",""role"":""funder""},{""name"":""OpenAI"",""role"":""operator""}]",' +
        "USD,500000000000,500000000000,at-least," +
        '"at least US$500,000,000,000",500000000000,500000000000,1,,,,,,' +
        '"[{""url"":""https://openai.com/a""},{""url"":""https://example.com/b""}]",,false,3,' +
        "2025-01-23T10:00:00.000Z\r\n",
    );
  });

  it("writes only the header row when there are no records", () => {
    expect(commitmentsToCsv([])).toBe(`${HEADER}\r\n`);
  });

  it("ends every row with CRLF", () => {
    const csv = commitmentsToCsv([record(), record()]);

    expect(csv.split("\r\n")).toHaveLength(4);
  });

  it("quotes a field with a comma", () => {
    expect(commitmentsToCsv([record({ title: "Meta, 2025 capex" })])).toContain(',"Meta, 2025 capex",');
  });

  it("quotes a field with a quote and doubles the quote", () => {
    expect(commitmentsToCsv([record({ title: 'The "Stargate" project' })])).toContain(
      ',"The ""Stargate"" project",',
    );
  });

  it("quotes a field with a line break", () => {
    expect(commitmentsToCsv([record({ title: "Stargate\nphase 1" })])).toContain(',"Stargate\nphase 1",');
  });

  it("leaves a plain field unquoted", () => {
    expect(commitmentsToCsv([record({ title: "Stargate" })])).toContain(",Stargate,");
  });

  it("round-trips every cell through an RFC 4180 reader", () => {
    const title = 'He said "up to 2.5T", then\r\nleft';

    expect(cellOf(commitmentsToCsv([record({ title })]), "title")).toBe(title);
  });

  it("round-trips Korean text", () => {
    const title = "국가 AI 컴퓨팅 센터, 2.5조 원";

    expect(cellOf(commitmentsToCsv([record({ title })]), "title")).toBe(title);
  });

  it.each(['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tindent", "\rreturn"])(
    "prefixes the formula-like cell %j with a quote",
    (title) => {
      expect(cellOf(commitmentsToCsv([record({ title })]), "title")).toBe(`'${title}`);
    },
  );

  it("prefixes a cell that starts with a quote, so that one quote can always be taken off", () => {
    expect(cellOf(commitmentsToCsv([record({ title: "'90s revival" })]), "title")).toBe("''90s revival");
  });

  it("leaves money as the decimal string it is", () => {
    const amount = { currency: "EUR", low: "1.5", high: "109000000000.25", qualifier: "range" } as const;

    expect(cellOf(commitmentsToCsv([record({ amount })]), "high")).toBe("109000000000.25");
  });

  it("leaves the amount cells empty when there is no figure", () => {
    const csv = commitmentsToCsv([record({ amount: undefined, amountUsd: null })]);
    const cells = ["currency", "low", "high", "qualifier", "figure", "usdLow", "usdHigh"].map((name) =>
      cellOf(csv, name),
    );

    expect(cells).toEqual(["", "", "", "", "", "", ""]);
  });

  it("leaves the USD cells empty for an unconverted amount", () => {
    const amount = {
      currency: "KRW",
      low: "2500000000000",
      high: "2500000000000",
      qualifier: "up-to",
    } as const;

    const csv = commitmentsToCsv([record({ amount, amountUsd: null })]);

    expect(cellOf(csv, "usdLow")).toBe("");
  });

  it("shows a units-per-USD rate with its date", () => {
    const amountUsd = {
      low: "1736111111",
      high: "1736111111",
      rate: {
        currency: "KRW",
        date: "2025-01-22",
        unitsPerUsd: "1440",
        kind: "official" as const,
        source: "Bank of Korea",
        version: 1,
      },
      stale: false,
    };

    expect(cellOf(commitmentsToCsv([record({ amountUsd })]), "fxRate")).toBe(
      "1440 KRW per USD on 2025-01-22",
    );
  });

  it("shows a USD-per-unit rate with its date", () => {
    const amountUsd = {
      low: "113490800000",
      high: "113490800000",
      rate: {
        currency: "EUR",
        date: "2025-02-10",
        usdPerUnit: "1.0412",
        kind: "official" as const,
        source: "ECB",
        version: 1,
      },
      stale: false,
    };

    expect(cellOf(commitmentsToCsv([record({ amountUsd })]), "fxRate")).toBe(
      "1.0412 USD per EUR on 2025-02-10",
    );
  });

  it("writes the parent id of a part of a larger commitment", () => {
    const parentId = "cmt_01JHQ4V6Z9X8Y7W6V5T4S3R2Q0";

    expect(cellOf(commitmentsToCsv([record({ parentId })]), "parentId")).toBe(parentId);
  });
});
