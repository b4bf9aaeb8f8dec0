import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDecimal,
  canonicalDecimal,
  compareDecimal,
  divideRounded,
  isDecimal,
  isPositiveDecimal,
  multiplyRounded,
  padWhole,
  subtractDecimal,
} from "../../shared/domain/decimal.ts";

const NOT_DECIMALS = [
  "1e309",
  "-5",
  "0x10",
  " 5",
  "5 ",
  "5.",
  ".5",
  "NaN",
  "Infinity",
  "",
  "01",
  "1,000",
  "+5",
];

describe("canonicalDecimal", () => {
  it("drops trailing fraction zeros", () => {
    expect(canonicalDecimal("65000000000.00")).toBe("65000000000");
  });

  it("keeps a significant fraction", () => {
    expect(canonicalDecimal("1.50")).toBe("1.5");
  });

  it("writes zero with a fraction as 0", () => {
    expect(canonicalDecimal("0.000")).toBe("0");
  });

  it("keeps a leading zero before a fraction", () => {
    expect(canonicalDecimal("0.05")).toBe("0.05");
  });

  it.each(NOT_DECIMALS)("throws RangeError for %j", (value) => {
    expect(() => canonicalDecimal(value)).toThrow(RangeError);
  });
});

describe("isDecimal and isPositiveDecimal", () => {
  it.each(NOT_DECIMALS)("isDecimal refuses %j", (value) => {
    expect(isDecimal(value)).toBe(false);
  });

  it("isPositiveDecimal refuses zero", () => {
    expect(isPositiveDecimal("0.00")).toBe(false);
  });

  it("isPositiveDecimal accepts a small fraction", () => {
    expect(isPositiveDecimal("0.000001")).toBe(true);
  });
});

/** Decimal strings as the pattern allows them: no leading zeros, any fraction (zeros included). */
const decimalText = fc
  .tuple(
    fc.oneof(fc.constant("0"), fc.stringMatching(/^[1-9][0-9]{0,20}$/)),
    fc.option(fc.stringMatching(/^[0-9]{1,8}$/), { nil: undefined }),
  )
  .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`));

describe("canonicalDecimal and isPositiveDecimal read the digits as the arithmetic does", () => {
  it("canonical spelling is the value written back by the arithmetic, and positivity its sign", () => {
    fc.assert(
      fc.property(decimalText, (value) => {
        // value + 0 goes through the BigInt arithmetic (parse, then format).
        expect(canonicalDecimal(value)).toBe(addDecimal(value, "0"));
        expect(isPositiveDecimal(value)).toBe(compareDecimal(value, "0") === 1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("compareDecimal", () => {
  it("orders by value, not by spelling", () => {
    expect(compareDecimal("9", "10")).toBe(-1);
  });

  it("treats different scales of the same value as equal", () => {
    expect(compareDecimal("1.50", "1.5")).toBe(0);
  });

  it("puts the larger fraction first", () => {
    expect(compareDecimal("1.05", "1.005")).toBe(1);
  });

  it("compares amounts beyond Number.MAX_SAFE_INTEGER exactly", () => {
    expect(compareDecimal("9007199254740993", "9007199254740992")).toBe(1);
  });
});

describe("addDecimal and subtractDecimal", () => {
  it("adds numbers of different scales", () => {
    expect(addDecimal("1.5", "0.25")).toBe("1.75");
  });

  it("adds without float error", () => {
    expect(addDecimal("0.1", "0.2")).toBe("0.3");
  });

  it("adds beyond Number.MAX_SAFE_INTEGER exactly", () => {
    expect(addDecimal("9007199254740993", "2500000000000")).toBe("9009699254740993");
  });

  it("subtracts numbers of different scales", () => {
    expect(subtractDecimal("2", "0.75")).toBe("1.25");
  });

  it("gives a negative difference a leading minus", () => {
    expect(subtractDecimal("0.5", "1.25")).toBe("-0.75");
  });

  it("gives a zero difference as 0", () => {
    expect(subtractDecimal("1.10", "1.1")).toBe("0");
  });
});

describe("divideRounded and multiplyRounded", () => {
  it("converts KRW 2.5 trillion at 1440 per USD to 1736111111", () => {
    expect(divideRounded("2500000000000", "1440")).toBe("1736111111");
  });

  it("converts EUR with a USD-per-unit rate", () => {
    expect(multiplyRounded("109000000000", "1.0412")).toBe("113490800000");
  });

  it("rounds a division half up", () => {
    expect(divideRounded("5", "2")).toBe("3");
  });

  it("rounds a division below one half down", () => {
    expect(divideRounded("7", "3")).toBe("2");
  });

  it("rounds a product half up", () => {
    expect(multiplyRounded("1", "2.5")).toBe("3");
  });

  it("rounds a product below one half down", () => {
    expect(multiplyRounded("1", "2.49")).toBe("2");
  });

  it("divides by a fractional rate", () => {
    expect(divideRounded("100", "0.8")).toBe("125");
  });

  it("refuses to divide by zero", () => {
    expect(() => divideRounded("1", "0")).toThrow(RangeError);
  });
});

describe("padWhole", () => {
  it("makes string order numeric order", () => {
    const values = ["1736111111", "65000000000", "500000000000", "9", "0"];

    const byString = values.map((value) => padWhole(value)).sort();

    expect(byString).toEqual(
      ["0", "9", "1736111111", "65000000000", "500000000000"].map((value) => padWhole(value)),
    );
  });

  it("pads to the given width", () => {
    expect(padWhole("42", 6)).toBe("000042");
  });

  it("throws when the number is wider than the key", () => {
    expect(() => padWhole("1234567", 6)).toThrow(RangeError);
  });
});

describe("decimal arithmetic against BigInt on scaled integers", () => {
  const SCALE = 6;
  const decimal = fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.integer({ min: 0, max: SCALE }))
    .map(([units, scale]) => {
      const digits = units.toString().padStart(scale + 1, "0");
      return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    });
  const scaled = (value: string): bigint => {
    const negative = value.startsWith("-");
    const [whole = "0", fraction = ""] = value.replace("-", "").split(".");
    const units = BigInt(whole + fraction.padEnd(SCALE, "0"));
    return negative ? -units : units;
  };

  it("addDecimal agrees with BigInt addition", () => {
    fc.assert(fc.property(decimal, decimal, (a, b) => scaled(addDecimal(a, b)) === scaled(a) + scaled(b)));
  });

  it("subtractDecimal agrees with BigInt subtraction", () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => scaled(subtractDecimal(a, b)) === scaled(a) - scaled(b)),
    );
  });

  it("compareDecimal agrees with BigInt comparison", () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const [x, y] = [scaled(a), scaled(b)];
        return compareDecimal(a, b) === (x < y ? -1 : x > y ? 1 : 0);
      }),
    );
  });

  it("canonicalDecimal keeps the value", () => {
    fc.assert(fc.property(decimal, (a) => scaled(canonicalDecimal(a)) === scaled(a)));
  });
});
