import type {
  CreateDBInstanceMessage,
  CreateDBInstanceReadReplicaMessage,
  CreateDBSnapshotMessage,
  DBInstance,
  DBSnapshot,
  ModifyDBInstanceMessage,
  PromoteReadReplicaMessage,
  Tag,
} from "@aws-sdk/client-rds";
import { mapBounded } from "../concurrency/bounded.js";
import { AwsCallError } from "../errors.js";
import type { GuardedCall } from "./plan-reads.js";
import type { RdsApi, RdsInstanceEvent } from "./rds-api.js";
import { markCreatedElsewhere, sdkErrorCode } from "./sdk-errors.js";
import {
  AddTagsToResourceCommand,
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  CreateDBSnapshotCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  DescribeEventsCommand,
  ModifyDBInstanceCommand,
  PromoteReadReplicaCommand,
  paginateDescribeDBInstances,
  RebootDBInstanceCommand,
  RemoveTagsFromResourceCommand,
} from "./sdk-rds.js";

/**
 * The DB instance operations of RdsApi, each one guarded call (its scope, the
 * abort signal, rdsctl's errors): reads in chunks of 100 ids, and the
 * mutating calls, whose answers must carry the instance.
 */

/** DescribeDBInstances accepts at most 100 filter values and 100 records per page. */
export const DESCRIBE_CHUNK = 100;
/** Describe chunks in flight at once. */
const DESCRIBE_CONCURRENCY = 4;

const opts = (abortSignal: AbortSignal | undefined) =>
  abortSignal === undefined ? {} : { abortSignal };

function requireInstance(
  db: DBInstance | undefined,
  operation: string,
  id: string | undefined,
): DBInstance {
  if (db === undefined) {
    throw new AwsCallError(`${id ?? "?"}: ${operation} answered without a DBInstance`, undefined);
  }
  return db;
}

function passwordOf(input: { MasterUserPassword?: string | undefined }): string[] {
  return input.MasterUserPassword === undefined ? [] : [input.MasterUserPassword];
}

type InstanceReads = Pick<
  RdsApi,
  | "describeInstances"
  | "describeAllInstances"
  | "describeInstance"
  | "describeInstanceEvents"
  | "describeSnapshot"
>;

/** Every instance of one chunk of ids (or of the region), following Marker page after page. */
function describePages(
  call: GuardedCall,
  pageSize: number,
  ids: string[] | undefined,
): Promise<DBInstance[]> {
  const what =
    ids === undefined
      ? "every instance of the region"
      : ids.length === 1
        ? ids[0]
        : `${ids.length} instances (${ids[0]}, ...)`;
  const input = ids === undefined ? {} : { Filters: [{ Name: "db-instance-id", Values: ids }] };
  return call("DescribeDBInstances", what, [], async (client, abortSignal) => {
    const pages = paginateDescribeDBInstances(
      { client, pageSize },
      input,
      ...withSignal(abortSignal),
    );
    const out: DBInstance[] = [];
    for await (const page of pages) out.push(...(page.DBInstances ?? []));
    return out;
  });
}

const withSignal = (abortSignal: AbortSignal | undefined) =>
  abortSignal === undefined ? [] : [{ abortSignal }];

export function instanceReads(call: GuardedCall, pageSize: number): InstanceReads {
  return {
    async describeInstances(ids: string[]): Promise<DBInstance[]> {
      const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
      const chunks: string[][] = [];
      for (let i = 0; i < unique.length; i += DESCRIBE_CHUNK)
        chunks.push(unique.slice(i, i + DESCRIBE_CHUNK));
      const pages = await mapBounded(chunks, DESCRIBE_CONCURRENCY, (chunk) =>
        describePages(call, pageSize, chunk),
      );
      return pages.flat();
    },

    describeInstanceEvents(since: Date): Promise<RdsInstanceEvent[]> {
      return call("DescribeEvents", "db-instance events", [], async (client, signal) => {
        const out = await client.send(
          new DescribeEventsCommand({
            SourceType: "db-instance",
            StartTime: since,
            MaxRecords: DESCRIBE_CHUNK,
          }),
          opts(signal),
        );
        return (out.Events ?? []).flatMap((e) =>
          e.SourceIdentifier === undefined || e.Date === undefined
            ? []
            : [{ id: e.SourceIdentifier.toLowerCase(), date: e.Date, message: e.Message ?? "" }],
        );
      });
    },

    describeAllInstances: () => describePages(call, pageSize, undefined),

    async describeSnapshot(id: string): Promise<DBSnapshot | undefined> {
      const found = await call(
        "DescribeDBSnapshots",
        id,
        [],
        async (client, signal) => {
          const out = await client.send(
            new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }),
            opts(signal),
          );
          return { snapshot: out.DBSnapshots?.[0] };
        },
        (err) => {
          const code = sdkErrorCode(err);
          return code === "DBSnapshotNotFound" || code === "DBSnapshotNotFoundFault"
            ? { snapshot: undefined }
            : undefined;
        },
      );
      return found.snapshot;
    },

    async describeInstance(id: string): Promise<DBInstance | undefined> {
      const found = await call(
        "DescribeDBInstances",
        id,
        [],
        async (client, signal) => {
          const out = await client.send(
            new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }),
            opts(signal),
          );
          return { db: out.DBInstances?.[0] };
        },
        (err) => {
          const code = sdkErrorCode(err);
          return code === "DBInstanceNotFound" || code === "DBInstanceNotFoundFault"
            ? { db: undefined }
            : undefined;
        },
      );
      return found.db;
    },
  };
}

type InstanceWrites = Pick<
  RdsApi,
  | "createInstance"
  | "createReadReplica"
  | "promoteReadReplica"
  | "modifyInstance"
  | "rebootInstance"
  | "addTags"
  | "removeTags"
  | "createSnapshot"
>;

export function instanceWrites(call: GuardedCall): InstanceWrites {
  return {
    async createInstance(input: CreateDBInstanceMessage): Promise<DBInstance> {
      const id = input.DBInstanceIdentifier;
      let settled = false;
      const out = await call(
        "CreateDBInstance",
        id,
        passwordOf(input),
        (client, signal) => client.send(new CreateDBInstanceCommand(input), opts(signal)),
        (err, scope) => {
          // Every earlier attempt was answered (throttled, refused): none of them created it.
          settled =
            sdkErrorCode(err)?.startsWith("DBInstanceAlreadyExists") === true && !scope.uncertain;
          return undefined;
        },
      ).catch((err: unknown) => {
        if (settled) markCreatedElsewhere(err);
        throw err;
      });
      return requireInstance(out.DBInstance, "CreateDBInstance", id);
    },

    async createReadReplica(input: CreateDBInstanceReadReplicaMessage): Promise<DBInstance> {
      const id = input.DBInstanceIdentifier;
      const out = await call("CreateDBInstanceReadReplica", id, [], (client, signal) =>
        client.send(new CreateDBInstanceReadReplicaCommand(input), opts(signal)),
      );
      return requireInstance(out.DBInstance, "CreateDBInstanceReadReplica", id);
    },

    async promoteReadReplica(input: PromoteReadReplicaMessage): Promise<DBInstance> {
      const id = input.DBInstanceIdentifier;
      const out = await call("PromoteReadReplica", id, [], (client, signal) =>
        client.send(new PromoteReadReplicaCommand(input), opts(signal)),
      );
      return requireInstance(out.DBInstance, "PromoteReadReplica", id);
    },

    async modifyInstance(input: ModifyDBInstanceMessage): Promise<DBInstance> {
      const id = input.DBInstanceIdentifier;
      const out = await call("ModifyDBInstance", id, passwordOf(input), (client, signal) =>
        client.send(new ModifyDBInstanceCommand(input), opts(signal)),
      );
      return requireInstance(out.DBInstance, "ModifyDBInstance", id);
    },

    async rebootInstance(id: string): Promise<DBInstance> {
      const out = await call("RebootDBInstance", id, [], (client, signal) =>
        client.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: id }), opts(signal)),
      );
      return requireInstance(out.DBInstance, "RebootDBInstance", id);
    },

    async createSnapshot(input: CreateDBSnapshotMessage): Promise<DBSnapshot> {
      const id = input.DBSnapshotIdentifier;
      const out = await call("CreateDBSnapshot", id, [], (client, signal) =>
        client.send(new CreateDBSnapshotCommand(input), opts(signal)),
      );
      if (out.DBSnapshot === undefined) {
        throw new AwsCallError(`${id}: CreateDBSnapshot answered without a DBSnapshot`, undefined);
      }
      return out.DBSnapshot;
    },

    async addTags(arn: string, tags: Tag[]): Promise<void> {
      await call("AddTagsToResource", arn, [], (client, signal) =>
        client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: tags }), opts(signal)),
      );
    },

    async removeTags(arn: string, keys: string[]): Promise<void> {
      await call("RemoveTagsFromResource", arn, [], (client, signal) =>
        client.send(
          new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: keys }),
          opts(signal),
        ),
      );
    },
  };
}
