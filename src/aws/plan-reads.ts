import type {
  DBEngineVersion,
  DBParameterGroup,
  DBSubnetGroup,
  OptionGroup,
  OrderableDBInstanceOption,
} from "@aws-sdk/client-rds";
import type { CallScope } from "./call-scope.js";
import type { RdsApi } from "./rds-api.js";
import { sdkErrorCode } from "./sdk-errors.js";
import {
  DescribeOrderableDBInstanceOptionsCommand,
  paginateDescribeDBEngineVersions,
  paginateDescribeDBParameterGroups,
  paginateDescribeDBSubnetGroups,
  paginateDescribeOptionGroups,
  paginateDescribeOrderableDBInstanceOptions,
  type RDSClient,
} from "./sdk-rds.js";

/**
 * The reads of the plan-time checks (class orderable, engine families,
 * groups existing), each through the client's guarded `call` so an interrupt,
 * a retry notice and an unreachable endpoint behave as for every other call.
 */

/** The client's one way to send: scope, abort signal, rdsctl's errors; `onError` may answer instead. */
export type GuardedCall = <T>(
  operation: string,
  target: string | undefined,
  secrets: readonly string[],
  send: (client: RDSClient, abortSignal: AbortSignal | undefined) => Promise<T>,
  onError?: (err: unknown, scope: CallScope) => T | undefined,
) => Promise<T>;

type PlanReads = Pick<
  RdsApi,
  | "describeOrderable"
  | "offersEngine"
  | "describeEngineVersions"
  | "describeParameterGroups"
  | "describeOptionGroups"
  | "describeSubnetGroups"
>;

/** Every item of the pages. */
async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined) {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

const withSignal = (abortSignal: AbortSignal | undefined) =>
  abortSignal === undefined ? [] : [{ abortSignal }];

interface GroupKind<T> {
  operation: string;
  what: string;
  /** Every page of the groups, or of the one named. */
  pages(client: RDSClient, name: string | undefined, signal?: AbortSignal): Promise<T[]>;
  nameOf(group: T): string | undefined;
  /** The codes RDS answers for a named group that does not exist. */
  notFound: readonly string[];
}

/**
 * Those of `names` that exist: one call naming the group when there is one
 * name (its not-found code is an empty answer), else one listing of every
 * group, fewer calls than one per name.
 */
async function namedGroups<T>(call: GuardedCall, names: string[], kind: GroupKind<T>) {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  if (wanted.size === 0) return [];
  if (wanted.size === 1) {
    const [name] = [...wanted];
    return call(
      kind.operation,
      name,
      [],
      (client, signal) => kind.pages(client, name, signal),
      (err) => {
        const code = sdkErrorCode(err);
        return code !== undefined && kind.notFound.includes(code) ? [] : undefined;
      },
    );
  }
  const all = await call(kind.operation, `every ${kind.what}`, [], (client, signal) =>
    kind.pages(client, undefined, signal),
  );
  return all.filter((g) => wanted.has(kind.nameOf(g)?.toLowerCase() ?? ""));
}

const PARAMETER_GROUPS: GroupKind<DBParameterGroup> = {
  operation: "DescribeDBParameterGroups",
  what: "parameter group",
  pages: (client, name, signal) =>
    collect(
      paginateDescribeDBParameterGroups(
        { client, pageSize: 100 },
        name === undefined ? {} : { DBParameterGroupName: name },
        ...withSignal(signal),
      ),
      (p) => p.DBParameterGroups,
    ),
  nameOf: (g) => g.DBParameterGroupName,
  notFound: ["DBParameterGroupNotFound", "DBParameterGroupNotFoundFault"],
};

const OPTION_GROUPS: GroupKind<OptionGroup> = {
  operation: "DescribeOptionGroups",
  what: "option group",
  pages: (client, name, signal) =>
    collect(
      paginateDescribeOptionGroups(
        { client, pageSize: 100 },
        name === undefined ? {} : { OptionGroupName: name },
        ...withSignal(signal),
      ),
      (p) => p.OptionGroupsList,
    ),
  nameOf: (g) => g.OptionGroupName,
  notFound: ["OptionGroupNotFoundFault", "OptionGroupNotFound"],
};

const SUBNET_GROUPS: GroupKind<DBSubnetGroup> = {
  operation: "DescribeDBSubnetGroups",
  what: "subnet group",
  pages: (client, name, signal) =>
    collect(
      paginateDescribeDBSubnetGroups(
        { client, pageSize: 100 },
        name === undefined ? {} : { DBSubnetGroupName: name },
        ...withSignal(signal),
      ),
      (p) => p.DBSubnetGroups,
    ),
  nameOf: (g) => g.DBSubnetGroupName,
  notFound: ["DBSubnetGroupNotFoundFault", "DBSubnetGroupNotFound"],
};

export function planReads(call: GuardedCall): PlanReads {
  return {
    describeOrderable: (engine, instanceClass): Promise<OrderableDBInstanceOption[]> =>
      call("DescribeOrderableDBInstanceOptions", `${engine} ${instanceClass}`, [], (client, s) =>
        collect(
          paginateDescribeOrderableDBInstanceOptions(
            { client, pageSize: 1000 },
            { Engine: engine, DBInstanceClass: instanceClass },
            ...withSignal(s),
          ),
          (p) => p.OrderableDBInstanceOptions,
        ),
      ),
    offersEngine: (engine): Promise<boolean> =>
      call("DescribeOrderableDBInstanceOptions", engine, [], async (client, s) => {
        // One short page is enough to tell whether the catalogue lists the engine at all.
        const page = await client.send(
          new DescribeOrderableDBInstanceOptionsCommand({ Engine: engine, MaxRecords: 20 }),
          ...withSignal(s),
        );
        return (page.OrderableDBInstanceOptions ?? []).length > 0;
      }),
    describeEngineVersions: (engine): Promise<DBEngineVersion[]> =>
      call("DescribeDBEngineVersions", engine, [], (client, s) =>
        collect(
          paginateDescribeDBEngineVersions(
            { client, pageSize: 100 },
            { Engine: engine },
            ...withSignal(s),
          ),
          (p) => p.DBEngineVersions,
        ),
      ),
    describeParameterGroups: (names) => namedGroups(call, names, PARAMETER_GROUPS),
    describeOptionGroups: (names) => namedGroups(call, names, OPTION_GROUPS),
    describeSubnetGroups: (names) => namedGroups(call, names, SUBNET_GROUPS),
  };
}
