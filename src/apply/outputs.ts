import type { DBInstance } from "@aws-sdk/client-rds";
import type { RdsApi } from "../aws/rds-api.js";
import { FIELDS } from "../kinds/instance/fields/index.js";
import type { InstanceOutputs, PendingModification } from "./types.js";

/** The outputs of one instance as DescribeDBInstances reports it. */
export function instanceOutputs(db: DBInstance): InstanceOutputs {
  const out: InstanceOutputs = {};
  if (db.Endpoint?.Address !== undefined) out.address = db.Endpoint.Address;
  if (db.Endpoint?.Port !== undefined) out.port = db.Endpoint.Port;
  if (db.DBInstanceArn !== undefined) out.arn = db.DBInstanceArn;
  if (db.DBInstanceStatus !== undefined) out.status = db.DBInstanceStatus;
  if (db.MasterUserSecret?.SecretArn !== undefined) {
    out.masterUserSecretArn = db.MasterUserSecret.SecretArn;
  }
  return out;
}

/** The changes RDS reports as pending, by the field table's pending readers, in table order. */
export function pendingModifications(db: DBInstance): PendingModification[] {
  const pmv = db.PendingModifiedValues;
  if (pmv === undefined) return [];
  const out: PendingModification[] = [];
  for (const f of FIELDS) {
    if (f.pending === undefined) continue;
    let value: unknown;
    try {
      value = f.pending(pmv);
    } catch {
      value = undefined;
    }
    if (value === undefined) continue;
    out.push({ field: f.name, value: f.sensitive === true ? "(sensitive)" : value });
  }
  return out;
}

/**
 * An RdsApi that keeps the last DBInstance every answer carried, by
 * lowercased identifier, so apply can report each instance's outputs from
 * what it read anyway, without another call.
 */
export function rememberingApi(inner: RdsApi, seen: Map<string, DBInstance>): RdsApi {
  const keep = (db: DBInstance | undefined): void => {
    const id = db?.DBInstanceIdentifier?.toLowerCase();
    if (db !== undefined && id !== undefined) seen.set(id, db);
  };
  const events = inner.describeInstanceEvents?.bind(inner);
  const createSnapshot = inner.createSnapshot?.bind(inner);
  const describeSnapshot = inner.describeSnapshot?.bind(inner);
  const withOptions = inner.withCallOptions?.bind(inner);
  return {
    ...(withOptions === undefined
      ? {}
      : { withCallOptions: (options) => rememberingApi(withOptions(options), seen) }),
    ...(events === undefined ? {} : { describeInstanceEvents: events }),
    ...(createSnapshot === undefined ? {} : { createSnapshot }),
    ...(describeSnapshot === undefined ? {} : { describeSnapshot }),
    describeOrderable: (engine, instanceClass) => inner.describeOrderable(engine, instanceClass),
    ...(inner.offersEngine === undefined ? {} : { offersEngine: inner.offersEngine.bind(inner) }),
    describeEngineVersions: (engine) => inner.describeEngineVersions(engine),
    describeParameterGroups: (names) => inner.describeParameterGroups(names),
    describeOptionGroups: (names) => inner.describeOptionGroups(names),
    describeSubnetGroups: (names) => inner.describeSubnetGroups(names),
    describeAllInstances: async () => {
      const dbs = await inner.describeAllInstances();
      dbs.forEach(keep);
      return dbs;
    },
    addTags: (arn, tags) => inner.addTags(arn, tags),
    removeTags: (arn, keys) => inner.removeTags(arn, keys),
    describeInstances: async (ids) => {
      const dbs = await inner.describeInstances(ids);
      dbs.forEach(keep);
      return dbs;
    },
    describeInstance: async (id) => {
      const db = await inner.describeInstance(id);
      keep(db);
      return db;
    },
    createInstance: async (input) => {
      const db = await inner.createInstance(input);
      keep(db);
      return db;
    },
    modifyInstance: async (input) => {
      const db = await inner.modifyInstance(input);
      keep(db);
      return db;
    },
    rebootInstance: async (id) => {
      const db = await inner.rebootInstance(id);
      keep(db);
      return db;
    },
    createReadReplica: async (input) => {
      const db = await inner.createReadReplica(input);
      keep(db);
      return db;
    },
    promoteReadReplica: async (input) => {
      const db = await inner.promoteReadReplica(input);
      keep(db);
      return db;
    },
  };
}
