/**
 * The ledger table, written once as data: SST (infra/table.ts), the local stack and the tests all build the
 * table from this object, so keys, indexes and the stream can never drift apart.
 */
export const ledgerTable = {
  /** SST resource name, and the table name prefix used locally. */
  name: "Ledger",
  partitionKey: "pk",
  sortKey: "sk",
  attributes: ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"],
  /** Overloaded GSIs; shared/table/keys.ts says what each holds. All project every attribute. */
  indexes: {
    gsi1: { partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    gsi2: { partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    gsi3: { partitionKey: "gsi3pk", sortKey: "gsi3sk" },
  },
  stream: "NEW_AND_OLD_IMAGES",
  ttlAttribute: "expiresAt",
} as const;

export type IndexName = keyof typeof ledgerTable.indexes;

/**
 * The CreateTable request for a table of this layout (local stack and tests; SST builds its own from the same data).
 * `stream: false` leaves the stream out, for a test or bench table nothing reads the stream of (see ensureTable).
 */
export function createTableInput(tableName: string, options: { stream?: boolean } = {}) {
  const { partitionKey, sortKey, attributes, indexes, stream } = ledgerTable;
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: "S" as const })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: "HASH" as const },
      { AttributeName: sortKey, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: Object.entries(indexes).map(([indexName, index]) => ({
      IndexName: indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" as const },
        { AttributeName: index.sortKey, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "ALL" as const },
    })),
    ...(options.stream === false
      ? {}
      : { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } }),
  };
}
