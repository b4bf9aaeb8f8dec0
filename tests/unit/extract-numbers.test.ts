import { describe, expect, it } from "vitest";
import { findMoney } from "../../shared/extract/money.ts";
import { readNumber } from "../../shared/extract/numbers.ts";

const money = (text: string) =>
  findMoney(text)
    .mentions.filter((mention) => !mention.isConversion)
    .map((mention) => mention.amount);
const one = (text: string) => {
  const [amount, ...rest] = money(text);
  expect(rest).toEqual([]);
  return amount;
};

describe("readNumber", () => {
  it.each([
    ["5,000억", "500000000000"],
    ["2조 5000억 원", "2500000000000"],
    ["1만 5000개", "15000"],
    ["1.5조", "1500000000000"],
    ["874조7천400억원", "874740000000000"],
    ["6천억 달러", "600000000000"],
    ["1억 7,979만 주", "179790000"],
    ["2.8만장", "28000"],
    ["65 billion", "65000000000"],
    ["2.26 trillion", "2260000000000"],
    ["12.5 million", "12500000"],
  ])("reads %s as %s", (written, value) => {
    expect(readNumber(written, 0, false)?.value).toBe(value);
  });

  it("reads a one-letter scale only after a currency symbol", () => {
    expect(readNumber("500B", 0, true)?.value).toBe("500000000000");
    expect(readNumber("500B", 0, false)?.value).toBe("500");
  });

  it("refuses a digit run too long to be a figure", () => {
    expect(readNumber("9".repeat(200), 0, false)).toBeNull();
  });
});

describe("findMoney", () => {
  it.each([
    [
      "최소 5000억 달러",
      { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "at-least" },
    ],
    [
      "650억 달러(약 94조 원) 이상",
      { currency: "USD", low: "65000000000", high: "65000000000", qualifier: "at-least" },
    ],
    [
      "최대 2조 5000억 원",
      { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" },
    ],
    [
      "약 7조원",
      { currency: "KRW", low: "7000000000000", high: "7000000000000", qualifier: "approximately" },
    ],
    [
      "7조여 원",
      { currency: "KRW", low: "7000000000000", high: "7000000000000", qualifier: "approximately" },
    ],
    [
      "$60 billion to $65 billion",
      { currency: "USD", low: "60000000000", high: "65000000000", qualifier: "range" },
    ],
    ["60~65억 달러", { currency: "USD", low: "6000000000", high: "6500000000", qualifier: "range" }],
    ["600억~650억 달러", { currency: "USD", low: "60000000000", high: "65000000000", qualifier: "range" }],
    ["300억∼500억 유로", { currency: "EUR", low: "30000000000", high: "50000000000", qualifier: "range" }],
    ["€30 to 50 billion", { currency: "EUR", low: "30000000000", high: "50000000000", qualifier: "range" }],
    [
      "between $30bn and $50bn",
      { currency: "USD", low: "30000000000", high: "50000000000", qualifier: "range" },
    ],
    ["US$500B", { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "exact" }],
    [
      "up to $500 billion",
      { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "up-to" },
    ],
    [
      "more than $100 billion",
      { currency: "USD", low: "100000000000", high: "100000000000", qualifier: "at-least" },
    ],
    [
      "approximately $80 billion",
      { currency: "USD", low: "80000000000", high: "80000000000", qualifier: "approximately" },
    ],
    ["$2 billion or more", { currency: "USD", low: "2000000000", high: "2000000000", qualifier: "at-least" }],
    ["€200 billion", { currency: "EUR", low: "200000000000", high: "200000000000", qualifier: "exact" }],
    [
      "2.26 trillion yen",
      { currency: "JPY", low: "2260000000000", high: "2260000000000", qualifier: "exact" },
    ],
    ["JPY2.6 trillion", { currency: "JPY", low: "2600000000000", high: "2600000000000", qualifier: "exact" }],
    [
      "KRW 2.5 trillion",
      { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "exact" },
    ],
    [
      "₩14.8 trillion",
      { currency: "KRW", low: "14800000000000", high: "14800000000000", qualifier: "exact" },
    ],
    [
      "500 billion dollars",
      { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "exact" },
    ],
    ["20 billion euros", { currency: "EUR", low: "20000000000", high: "20000000000", qualifier: "exact" }],
    ["3 trillion won", { currency: "KRW", low: "3000000000000", high: "3000000000000", qualifier: "exact" }],
    ["100억 위안", { currency: "CNY", low: "10000000000", high: "10000000000", qualifier: "exact" }],
    ["2조2600억엔", { currency: "JPY", low: "2260000000000", high: "2260000000000", qualifier: "exact" }],
    ["$500-billion", { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "exact" }],
  ])("reads %s", (text, amount) => {
    expect(one(text)).toEqual(amount);
  });

  it.each([
    ["no more than $10 billion", "up-to"],
    ["not more than $10 billion", "up-to"],
    ["less than $10 billion", "up-to"],
    ["under $10 billion", "up-to"],
    ["not less than $10 billion", "at-least"],
    ["10조 원 가까이", "approximately"],
    ["a $10B+ plan", "at-least"],
  ])("reads %s as %s", (text, qualifier) => {
    expect(one(text)?.qualifier).toBe(qualifier);
  });

  it("attaches a parenthetical conversion to the figure it converts", () => {
    const [mention] = findMoney("최소 5000억 달러(약 720조 원)를 투자").mentions;
    expect(mention?.conversion?.amount).toEqual({
      currency: "KRW",
      low: "720000000000000",
      high: "720000000000000",
      qualifier: "approximately",
    });
  });

  it.each([
    ["엔비디아 H100을 1만 5000개", "a count followed by 엔비디아 is not yen"],
    ["원칙적으로 5000억 원칙", "원 inside a word is not won"],
    ["1e309 dollars", "an exponent is not a number people write"],
    ["٣٠٠ 달러", "Arabic-Indic digits are not read"],
    ["H100 GPUs", "a model number is not a figure"],
    ["2024-2025", "years without a currency"],
  ])("reads no money in %s (%s)", (text) => {
    expect(
      money(text).filter(
        (amount) => amount.currency === "JPY" || amount.currency === "KRW" || amount.high === "309",
      ),
    ).toEqual([]);
  });

  it("never returns a JS number for money", () => {
    for (const amount of money("최소 5000억 달러, $1.5 billion, 2조 5000억 원, €30 to 50 billion")) {
      expect(typeof amount.low).toBe("string");
      expect(typeof amount.high).toBe("string");
    }
  });
});
