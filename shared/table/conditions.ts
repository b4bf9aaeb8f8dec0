/** A refused condition is an answer ("already recorded", "someone else has it"), not a fault. */
export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === "ConditionalCheckFailedException";
}
