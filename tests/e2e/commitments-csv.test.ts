import { beforeAll, describe, expect, it } from "vitest";
import { freshYear, unique, useApiStack, within } from "../support/api-stack.ts";
import { commitmentInput } from "../support/fixtures.ts";

const { api, createId, stack } = useApiStack();

describe("GET /commitments as CSV", () => {
  const title = "과학기술정보통신부 GPU 확보 사업";
  let year: number;
  beforeAll(async () => {
    year = freshYear();
    await createId({
      title,
      announcedOn: `${year}-01-22`,
      parties: [{ name: unique("과학기술정보통신부"), role: "government" }],
      location: { country: "KR" },
    });
  });

  it("answers ?format=csv with text/csv, a header row and the Korean title byte for byte", async () => {
    const response = await fetch(`${stack().url}/commitments?format=csv&${within(year)}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const [header, row] = bytes.toString("utf8").split("\r\n");

    expect(response.status, "status").toBe(200);
    expect(response.headers.get("content-type"), "content type").toMatch(/^text\/csv/);
    expect(header?.split(",").slice(0, 3), "first header columns").toEqual([
      "\uFEFFid",
      "title",
      "description",
    ]);
    expect(row?.split(",")[1], "title column").toBe(title);
    expect(bytes.includes(Buffer.from(title, "utf8")), "title bytes as UTF-8").toBe(true);
  });

  it("answers Accept: text/csv with CSV", async () => {
    const response = await api("GET", `/commitments?${within(year)}`, { headers: { accept: "text/csv" } });
    const lines = response.text.split("\r\n").filter(Boolean);

    expect(response.headers.get("content-type"), "content type").toMatch(/^text\/csv/);
    // fetch's text() takes the BOM off, as a UTF-8 decoder does; the first test sees it in the bytes.
    expect(lines[0], "header row").toMatch(/^id,title,/);
    expect(lines, "header and one row").toHaveLength(2);
  });

  it("names the file to download", async () => {
    const response = await fetch(`${stack().url}/commitments?format=csv&${within(year)}`);

    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="commitments-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
  });

  it("answers Accept: application/x-ndjson with one record per line", async () => {
    const response = await api("GET", `/commitments?${within(year)}`, {
      headers: { accept: "application/x-ndjson" },
    });
    const records = response.text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));

    expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(records.map((record) => record.title)).toEqual([title]);
  });

  it("exports every matching row, not one page", { timeout: 120_000 }, async () => {
    const exportYear = freshYear();
    const items = Array.from({ length: 130 }, (_, index) =>
      commitmentInput({ announcedOn: `${exportYear}-03-01`, title: `export ${index}` }),
    );
    for (const start of [0, 100])
      await api("POST", "/commitments/batch", { body: { items: items.slice(start, start + 100) } });

    const response = await api("GET", `/commitments?format=jsonl&${within(exportYear)}`);

    expect(response.headers.get("x-export-rows")).toBe("130");
    expect(response.headers.get("link")).toBeNull();
  });
});
