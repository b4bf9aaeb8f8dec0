/** The shared log scale of the charts: figures from millions to trillions side by side, each readable. */
import { money } from "../../../shared/format/money.ts";

/** A float for placing a mark only; every figure shown as text comes from the decimal string. */
export function position(value: string | null | undefined): number {
  return value ? Number(value) : 0;
}

/** Powers of ten from just below the smallest figure to just above the largest: [1e8, 1e12]. */
export function logDomain(values: number[]): [number, number] {
  const positive = values.filter((value) => value > 0);
  if (positive.length === 0) return [1e8, 1e12];
  const low = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  // Room on the right for an open ceiling's arrow: at least a fifth of a decade past the largest figure.
  const high = 10 ** Math.ceil(Math.log10(Math.max(...positive)) + 0.2);
  // At least two decades, widened to the left, so the open-ceiling arrows keep their room on the right.
  return [Math.min(low, high / 100), high];
}

/**
 * The powers of ten within a domain: the ticks of a log scale. With `most`, every second, third… of them, the
 * largest kept, so that labels on a short axis (a legend: US$10 to US$1T) do not run into one another.
 */
export function decades([low, high]: [number, number], most = Number.POSITIVE_INFINITY): number[] {
  const ticks: number[] = [];
  for (let exponent = Math.ceil(Math.log10(low) - 1e-9); 10 ** exponent <= high * 1.0001; exponent++)
    ticks.push(10 ** exponent);
  const step = Math.max(1, Math.ceil(ticks.length / most));
  return ticks.filter((_, index) => (ticks.length - 1 - index) % step === 0);
}

/** "US$1B" for a tick at 1e9 (powers of ten print exactly). */
export function usdTick(value: number): string {
  return money("USD", BigInt(Math.round(value)).toString());
}
