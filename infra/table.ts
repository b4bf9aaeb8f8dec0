/** The ledger table, built from its one definition (shared/table/definition.ts), like the local stack's. */
import { ledgerTable } from "../shared/table/definition.ts";

const streamViews = { NEW_AND_OLD_IMAGES: "new-and-old-images" } as const;

export const table = new sst.aws.Dynamo(ledgerTable.name, {
  fields: Object.fromEntries(ledgerTable.attributes.map((name) => [name, "string" as const])),
  primaryIndex: { hashKey: ledgerTable.partitionKey, rangeKey: ledgerTable.sortKey },
  globalIndexes: Object.fromEntries(
    Object.entries(ledgerTable.indexes).map(([name, index]) => [
      name,
      { hashKey: index.partitionKey, rangeKey: index.sortKey, projection: "all" as const },
    ]),
  ),
  stream: streamViews[ledgerTable.stream],
  ttl: ledgerTable.ttlAttribute,
  deletionProtection: $app.stage === "production",
  transform: {
    table: (args) => {
      args.pointInTimeRecovery = { enabled: true };
    },
  },
});
