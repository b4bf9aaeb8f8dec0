/**
 * DynamoDB's capacity arithmetic, for the floors the bench compares against: an item's size by the documented
 * rules (names and values in UTF-8 bytes, numbers by their significant digits, 3 bytes + 1 per element for maps
 * and lists, 1 byte for booleans and nulls), the read units of a Query returning items, the write units of items.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";

const utf8 = (value: string) => Buffer.byteLength(value, "utf8");

function numberSize(value: string): number {
  const digits = value
    .replace(/^[-+]?0*/, "")
    .replace(".", "")
    .replace(/e.*$/i, "")
    .replace(/0+$/, "");
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, entry) => sum + utf8(entry), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, entry) => sum + numberSize(entry), 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, entry) => sum + 1 + valueSize(entry), 0);
  if (value.M !== undefined)
    return (
      3 + Object.entries(value.M).reduce((sum, [name, entry]) => sum + 1 + utf8(name) + valueSize(entry), 0)
    );
  return 0;
}

/** The size DynamoDB bills an item at, in bytes. */
export function itemSize(item: Record<string, unknown>): number {
  return storedItemSize(marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }));
}

/** The same, of an item as DynamoDB returns it (numbers exactly as stored). */
export function storedItemSize(attributes: Record<string, AttributeValue>): number {
  return Object.entries(attributes).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

/** Read units of one eventually consistent Query that returns exactly these items (4 KB units, halved). */
export function queryReadUnits(sizes: readonly number[]): number {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  return Math.max(1, Math.ceil(total / 4096)) * 0.5;
}

/** Write units of writing these items one by one (1 KB units each), doubled inside a transaction. */
export function writeUnits(sizes: readonly number[], transactional: boolean): number {
  const units = sizes.reduce((sum, size) => sum + Math.max(1, Math.ceil(size / 1024)), 0);
  return transactional ? units * 2 : units;
}
