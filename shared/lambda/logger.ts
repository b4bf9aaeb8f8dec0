/**
 * The one structured logger of every Lambda process (HTTP handlers, the stream subscriber, the crons): one JSON
 * line per entry (level, message, timestamp, service, then the fields), at WARN and above. Written here rather
 * than taken from Powertools: its Logger and the commons it brings were 22 KB of every handler's bundle, some 7 %
 * of a cold start's size, for the few calls below, and none of its other features (context injection, sampling,
 * buffering) is used.
 */
const LEVELS = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3 } as const;
type Level = keyof typeof LEVELS;
type Fields = Record<string, unknown>;

const SERVICE = "ai-infra-tracker";
const THRESHOLD: Level = "WARN";

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
  const entry: Fields = { level, message, timestamp: new Date().toISOString(), service: SERVICE };
  for (const [name, value] of Object.entries(fields)) entry[name] = plain(value);
  try {
    return JSON.stringify(entry, (_key, value) => (typeof value === "bigint" ? String(value) : value));
  } catch {
    // A field that cannot be written (a cycle) must not turn logging an error into another one.
    return JSON.stringify({ level, message, timestamp: entry.timestamp, service: SERVICE });
  }
}

function write(level: Level, message: string, fields: Fields = {}): void {
  if (LEVELS[level] < LEVELS[THRESHOLD]) return;
  (level === "ERROR" || level === "WARN" ? process.stderr : process.stdout).write(
    `${line(level, message, fields)}\n`,
  );
}

export const logger = {
  info: (message: string, fields?: Fields) => write("INFO", message, fields),
  warn: (message: string, fields?: Fields) => write("WARN", message, fields),
  error: (message: string, fields?: Fields) => write("ERROR", message, fields),
};
