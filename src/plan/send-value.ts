/**
 * ProcessorFeatures as RDS takes them on both CreateDBInstance and
 * ModifyDBInstance: Name/Value pairs whose Value is a string, while a spec
 * may write the value as a number.
 */
export function processorFeaturesToSend(
  value: unknown[],
): Array<{ Name: unknown; Value: string | undefined }> {
  return value.map((item) => {
    const rec = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    return { Name: rec.Name, Value: rec.Value === undefined ? undefined : String(rec.Value) };
  });
}
