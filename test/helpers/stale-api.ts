import type { DBInstance } from "@aws-sdk/client-rds";
import type { RdsApi } from "../../src/aws/rds-api.js";

/**
 * An RdsApi whose describes lag behind its modifies: for the next `staleReads`
 * describes after a ModifyDBInstance, an instance reads as it did before the
 * modify (status `available`, nothing pending), as RDS can answer in the
 * moment after a change. Everything is still sent to the real emulator.
 */
export function staleAfterModify(inner: RdsApi, staleReads: number): RdsApi {
  const lastSeen = new Map<string, DBInstance>();
  const stale = new Map<string, { snapshot: DBInstance; left: number }>();
  const remember = (dbs: DBInstance[]) => {
    for (const db of dbs) lastSeen.set(db.DBInstanceIdentifier ?? "", structuredClone(db));
  };
  return {
    ...inner,
    async describeInstances(ids) {
      const fresh = await inner.describeInstances(ids);
      const out = fresh.map((db) => {
        const s = stale.get(db.DBInstanceIdentifier ?? "");
        if (s === undefined || s.left <= 0) return db;
        s.left -= 1;
        return structuredClone(s.snapshot);
      });
      remember(fresh);
      return out;
    },
    async modifyInstance(input) {
      const id = (input.DBInstanceIdentifier ?? "").toLowerCase();
      const before = lastSeen.get(id);
      const answer = await inner.modifyInstance(input);
      if (before !== undefined) stale.set(id, { snapshot: before, left: staleReads });
      // The modify's own answer is as early a snapshot as the describes.
      return before === undefined ? answer : structuredClone(before);
    },
  };
}
