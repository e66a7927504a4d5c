import type { DBInstance } from "@aws-sdk/client-rds";
import type { ConnectionOptions } from "../aws/rds-api.js";
import { UsageError } from "../errors.js";

/** What `export` and `show --id` read: the instances, and the region they were read in. */
export interface LiveRead {
  region: string;
  instances: DBInstance[];
}

/**
 * Reads instances by id (one filtered describe per 100 ids; an id that does
 * not exist is an error naming it), or every instance of the region (one
 * describe per 100 instances). Tags come in the same answers.
 */
export async function readLiveInstances(
  options: ConnectionOptions,
  ids: readonly string[] | undefined,
): Promise<LiveRead> {
  const { createRdsApi, defaultRegion } = await import("../aws/client.js");
  const region = options.region ?? (await defaultRegion(options.profile));
  if (region === undefined) {
    throw new UsageError(
      "no AWS region is configured: pass --region, or set AWS_REGION (or `region` in your AWS profile)",
    );
  }
  const api = createRdsApi({ ...options, region });
  if (ids === undefined || ids.length === 0) {
    return { region, instances: await api.describeAllInstances() };
  }
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  const instances = await api.describeInstances(wanted);
  const found = new Set(instances.map((db) => db.DBInstanceIdentifier?.toLowerCase()));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new UsageError(
      `--id: no DB instance ${missing.join(", ")} in ${region} (identifiers are matched without regard to case)`,
    );
  }
  return { region, instances };
}
