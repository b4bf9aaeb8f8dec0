import { describe, expect, it } from "vitest";
import { decades } from "../../dashboard/src/charts/scale.ts";

describe("decades", () => {
  it("gives every power of ten within the domain", () => {
    expect(decades([1e8, 1e12])).toEqual([1e8, 1e9, 1e10, 1e11, 1e12]);
  });

  it("thins a wide domain to at most as many ticks as asked, keeping the largest", () => {
    // US$8,028 beside US$565B: eleven decades, which a 240-pixel legend cannot label side by side.
    const ticks = decades([1e1, 1e12], 5);
    expect(ticks).toEqual([1e3, 1e6, 1e9, 1e12]);
    expect(decades([1e8, 1e12], 5)).toEqual([1e8, 1e9, 1e10, 1e11, 1e12]);
  });
});
