import type { Tag } from "@aws-sdk/client-rds";
import { fieldWithRole } from "../kinds/instance/fields/table.js";
import { type DesiredInstance, MANAGED_TAG } from "../spec/types.js";

/**
 * The `rdsctl:spec` tag rdsctl puts on a declared instance under
 * `policy.markManaged`; none when it is off, or when the spec declares the
 * key itself in Tags (the declared value is what is planned then).
 */
export function managedTag(d: DesiredInstance): Tag | undefined {
  if (d.policy.markManaged !== true || d.policy.specName === undefined) return undefined;
  const declared = d.fields[fieldWithRole("tags").name];
  if (typeof declared === "object" && declared !== null && Object.hasOwn(declared, MANAGED_TAG))
    return undefined;
  return { Key: MANAGED_TAG, Value: d.policy.specName };
}
