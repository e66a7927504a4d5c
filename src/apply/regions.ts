/**
 * Items (declared or planned instances) by region: each one's own, else the
 * connection's, else the SDK's default for the profile (AWS_REGION, the
 * profile's `region`), looked up only when some item has no region of its
 * own. The `undefined` key holds the items no region is configured for.
 */
export async function groupByRegion<T extends { region?: string }>(
  items: readonly T[],
  connection: { region?: string; profile?: string },
): Promise<Map<string | undefined, T[]>> {
  let fallback = connection.region;
  if (fallback === undefined && items.some((i) => i.region === undefined)) {
    const { defaultRegion } = await import("../aws/client.js");
    fallback = await defaultRegion(connection.profile);
  }
  const groups = new Map<string | undefined, T[]>();
  for (const item of items) {
    const region = item.region ?? fallback;
    const list = groups.get(region) ?? [];
    list.push(item);
    groups.set(region, list);
  }
  return groups;
}
