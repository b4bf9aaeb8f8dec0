/**
 * The one structured logger of every Lambda process (HTTP handlers, the stream subscriber, the crons): one JSON
 * line per entry on stdout (level, message, timestamp, service, the Lambda context once `addContext` has been
 * given it, then the fields), with Powertools' field names so that log queries read the same. Its level is
 * configuration: LOG_LEVEL (checked by shared/env.ts; set per stage by infra/functions.ts), INFO when unset.
 * Written here rather than taken from Powertools: its Logger and the commons it brings were 22 KB of every
 * handler's bundle, some 7 % of a cold start's size, for the calls below; nothing else of it was used.
 */
import type { Context } from "aws-lambda";

const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = keyof typeof LEVELS;
type Fields = Record<string, unknown>;

const SERVICE = "ai-infra-tracker";

function threshold(): number {
  const name = (process.env.LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? "INFO").toUpperCase();
  return LEVELS[name as Level] ?? LEVELS.INFO;
}

/** The invocation's context, as Powertools names it; replaced by each `addContext`. */
let lambdaContext: Fields = {};

/** An error as data (JSON.stringify gives `{}` for one), its cause included. */
function plain(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return {
    name: value.name,
    message: value.message,
    stack: value.stack,
    ...(value.cause === undefined ? {} : { cause: plain(value.cause) }),
  };
}

function line(level: Level, message: string, fields: Fields): string {
  const entry: Fields = {
    level,
    message,
    timestamp: new Date().toISOString(),
    service: SERVICE,
    ...lambdaContext,
  };
  for (const [name, value] of Object.entries(fields)) entry[name] = plain(value);
  try {
    return JSON.stringify(entry, (_key, value) => (typeof value === "bigint" ? String(value) : value));
  } catch {
    // A field that cannot be written (a cycle) must not turn logging an error into another one.
    return JSON.stringify({ level, message, timestamp: entry.timestamp, service: SERVICE, ...lambdaContext });
  }
}

function write(level: Level, message: string, fields: Fields = {}): void {
  if (LEVELS[level] < threshold()) return;
  process.stdout.write(`${line(level, message, fields)}\n`);
}

export const logger = {
  debug: (message: string, fields?: Fields) => write("DEBUG", message, fields),
  info: (message: string, fields?: Fields) => write("INFO", message, fields),
  warn: (message: string, fields?: Fields) => write("WARN", message, fields),
  error: (message: string, fields?: Fields) => write("ERROR", message, fields),
  /** Puts the invocation's context on every line that follows, until the next invocation's. */
  addContext(context: Context): void {
    lambdaContext = {
      function_name: context.functionName,
      function_memory_size: context.memoryLimitInMB,
      function_arn: context.invokedFunctionArn,
      function_request_id: context.awsRequestId,
    };
  },
};
