/**
 * `npm run faults`: what survives crashes and overload. Each scenario starts what it needs (its own DynamoDB
 * Local, the local stack in this process or `npm start` as a child), sends traffic to 127.0.0.1 only, is bounded
 * in count and time, and stops everything it started. Prints pass/fail per scenario with what was seen, writes
 * bench-results/faults.json (and faults.md), and exits 1 when a scenario fails.
 *
 *   node tests/faults/run.ts [ingest-kill] [stack-restart] [load] [hanging-receiver] [hostile-flood]
 */
import { writeFile } from "node:fs/promises";
import { Cleanup, formatTable, machine, resultsDir, stopOnSignals, writeResults } from "../bench/harness.ts";
import { faultDynamoDbKill } from "./dynamodb-kill.ts";
import { faultHangingReceiver } from "./hanging-receiver.ts";
import { faultHostileFlood } from "./hostile-flood.ts";
import { faultLoad } from "./load.ts";
import type { ScenarioResult } from "./scenario.ts";
import { faultStackRestart } from "./stack-restart.ts";

const SCENARIOS: Record<string, (cleanup: Cleanup) => Promise<ScenarioResult>> = {
  "ingest-kill": faultDynamoDbKill,
  "stack-restart": faultStackRestart,
  load: faultLoad,
  "hanging-receiver": faultHangingReceiver,
  "hostile-flood": faultHostileFlood,
};
/** Each scenario is stopped past this, and the whole run past the total. */
const SCENARIO_LIMIT_MS = 5 * 60_000;
const TOTAL_LIMIT_MS = 20 * 60_000;

const args = process.argv.slice(2);
const unknown = args.filter((arg) => !(arg in SCENARIOS));
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(" ")}; there are ${Object.keys(SCENARIOS).join(", ")}`);
  process.exit(64);
}
const chosen = args.length > 0 ? args : Object.keys(SCENARIOS);

const cleanup = new Cleanup();
stopOnSignals(cleanup);
const watchdog = setTimeout(() => {
  console.error(`the fault runs went past ${TOTAL_LIMIT_MS / 60_000} minutes: stopping`);
  void cleanup.run().finally(() => process.exit(2));
}, TOTAL_LIMIT_MS);
watchdog.unref();

function timeout(ms: number, name: string): Promise<never> {
  return new Promise((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} ran past ${ms / 1000} s`)), ms);
    timer.unref();
  });
}

async function main(): Promise<number> {
  const command = `npm run faults${args.length ? ` -- ${args.join(" ")}` : ""}`;
  console.log(`faults: ${chosen.join(", ")} on ${JSON.stringify(machine())}\n`);
  const results: ScenarioResult[] = [];
  for (const key of chosen) {
    const run = SCENARIOS[key] as (cleanup: Cleanup) => Promise<ScenarioResult>;
    // Each scenario gets a cleanup of its own, run as soon as it ends, so the next starts on a quiet machine.
    const own = new Cleanup();
    cleanup.add(`scenario ${key}`, () => own.run());
    const started = performance.now();
    let result: ScenarioResult;
    try {
      result = await Promise.race([run(own), timeout(SCENARIO_LIMIT_MS, key)]);
    } catch (error) {
      result = {
        name: key,
        pass: false,
        seconds: (performance.now() - started) / 1000,
        checks: [
          {
            name: "the scenario ran to its end",
            pass: false,
            detail: (error as Error).stack ?? String(error),
          },
        ],
        figures: {},
      };
    }
    await own.run();
    results.push(result);
    console.log(
      formatTable(
        `${result.pass ? "PASS" : "FAIL"}  ${key}: ${result.name} (${Math.round(result.seconds)} s)`,
        result.checks.map((check) => ({
          "": check.pass ? "ok" : "FAIL",
          check: check.name,
          seen: check.detail,
        })),
      ),
    );
  }
  const summary = results.map((result, index) => ({
    scenario: chosen[index] as string,
    result: result.pass ? "PASS" : "FAIL",
    seconds: Math.round(result.seconds),
    what: result.name,
  }));
  console.log(formatTable("faults", summary));
  const file = await writeResults("faults", { command, machine: machine(), results });
  const markdown = [
    `Command: \`${command}\``,
    "",
    "| scenario | result | s | checks |",
    "| --- | --- | --- | --- |",
    ...results.map(
      (result, index) =>
        `| ${chosen[index]}: ${result.name} | ${result.pass ? "PASS" : "**FAIL**"} | ${Math.round(result.seconds)} | ${result.checks
          .map((check) =>
            `${check.pass ? "✓" : "✗"} ${check.name}: ${check.detail}`
              .replaceAll("|", "\\|")
              .replaceAll("\n", " "),
          )
          .join("<br>")} |`,
    ),
    "",
  ].join("\n");
  await writeFile(new URL("faults.md", resultsDir), markdown);
  console.log(`wrote ${file} and bench-results/faults.md`);
  return results.every((result) => result.pass) ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error("faults failed:", error);
} finally {
  await cleanup.run();
  clearTimeout(watchdog);
}
process.exit(code);
