import { beforeAll, describe, expect, it } from "vitest";
import { freshYear, unique, useApiStack, within } from "../support/api-stack.ts";

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
    expect(header?.split(",").slice(0, 3), "first header columns").toEqual(["id", "title", "announcedOn"]);
    expect(row?.split(",")[1], "title column").toBe(title);
    expect(bytes.includes(Buffer.from(title, "utf8")), "title bytes as UTF-8").toBe(true);
  });

  it("answers Accept: text/csv with CSV", async () => {
    const response = await api("GET", `/commitments?${within(year)}`, { headers: { accept: "text/csv" } });
    const lines = response.text.split("\r\n").filter(Boolean);

    expect(response.headers.get("content-type"), "content type").toMatch(/^text\/csv/);
    expect(lines[0], "header row").toMatch(/^id,title,/);
    expect(lines, "header and one row").toHaveLength(2);
  });
});
