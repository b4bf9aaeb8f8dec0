/** Physical capacity as people say it: "15,000 × NVIDIA H100", "1.2 GW", "200 MW". */

const whole = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

/** "15,000 × NVIDIA H100". */
export function acceleratorText(accelerator: { model: string; count: number }): string {
  return `${whole.format(accelerator.count)} × ${accelerator.model}`;
}

/** Megawatts, in gigawatts from 1,000 MW on: "200 MW", "1 GW", "1.25 GW". */
export function powerText(megawatts: number): string {
  return megawatts >= 1000 ? `${whole.format(megawatts / 1000)} GW` : `${whole.format(megawatts)} MW`;
}
