/** One fault scenario's verdict: the checks it made, each passed or failed with what was seen, and its figures. */
export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export interface ScenarioResult {
  name: string;
  pass: boolean;
  seconds: number;
  checks: Check[];
  figures: Record<string, unknown>;
}

export class Verdict {
  readonly name: string;
  readonly checks: Check[] = [];
  readonly figures: Record<string, unknown> = {};
  private readonly started = performance.now();

  constructor(name: string) {
    this.name = name;
  }

  check(name: string, pass: boolean, detail: string): boolean {
    this.checks.push({ name, pass, detail });
    return pass;
  }

  result(): ScenarioResult {
    return {
      name: this.name,
      pass: this.checks.length > 0 && this.checks.every((check) => check.pass),
      seconds: (performance.now() - this.started) / 1000,
      checks: this.checks,
      figures: this.figures,
    };
  }
}
