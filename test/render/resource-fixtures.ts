import type { ResourcePlan } from "../../src/kinds/types.js";
import type { InstancePlan, Plan } from "../../src/plan/types.js";

const source = { file: "rdsctl.yaml", line: 3, column: 5 };

/** A parameter group with a dynamic and a static change, as the parameter-group kind plans it. */
export function modifiedGroup(): ResourcePlan {
  return {
    kind: "parameter-group",
    id: "app-pg",
    region: "us-east-1",
    source,
    action: "modify",
    changes: [
      {
        field: "Parameters.work_mem",
        from: "4096",
        to: "8192",
        timing: "immediate",
        downtime: false,
        sensitive: false,
      },
      {
        field: "Parameters.shared_buffers",
        from: "16384",
        to: "32768",
        timing: "after-reboot",
        downtime: false,
        sensitive: false,
        risk: { reason: "static: orders-db and orders-replica need a reboot" },
      },
    ],
    blocked: [],
    notices: [
      { message: "app-pg: shared_buffers: static, needs a reboot of orders-db, orders-replica" },
    ],
    calls: [
      {
        action: "ModifyDBParameterGroup",
        input: {
          DBParameterGroupName: "app-pg",
          Parameters: [
            { ParameterName: "work_mem", ParameterValue: "8192", ApplyMethod: "immediate" },
            {
              ParameterName: "shared_buffers",
              ParameterValue: "32768",
              ApplyMethod: "pending-reboot",
            },
          ],
        },
      },
    ],
    instanceEffects: { dynamic: ["work_mem"], static: ["shared_buffers"] },
  };
}

/** A subnet group to create. */
export function newSubnetGroup(): ResourcePlan {
  return {
    kind: "subnet-group",
    id: "app-subnets",
    region: "us-east-1",
    source: { ...source, line: 14 },
    action: "create",
    changes: [
      {
        field: "DBSubnetGroupDescription",
        from: undefined,
        to: "app subnets",
        timing: "immediate",
        downtime: false,
        sensitive: false,
      },
      {
        field: "SubnetIds",
        from: undefined,
        to: ["subnet-1", "subnet-2"],
        timing: "immediate",
        downtime: false,
        sensitive: false,
      },
    ],
    blocked: [],
    notices: [],
    calls: [
      {
        action: "CreateDBSubnetGroup",
        input: {
          DBSubnetGroupName: "app-subnets",
          DBSubnetGroupDescription: "app subnets",
          SubnetIds: ["subnet-1", "subnet-2"],
        },
      },
    ],
  };
}

/** A parameter group whose family change is refused. */
export function blockedGroup(): ResourcePlan {
  return {
    kind: "parameter-group",
    id: "old-pg",
    region: "us-east-1",
    source: { ...source, line: 20 },
    action: "blocked",
    changes: [],
    blocked: [
      {
        field: "DBParameterGroupFamily",
        from: "postgres15",
        to: "postgres16",
        kind: "immutable",
        reason:
          "old-pg: DBParameterGroupFamily cannot change in place. Declare a new group under a new name with family postgres16, then point the instances at it.",
        sensitive: false,
      },
    ],
    notices: [],
    calls: [],
  };
}

/** A group that matches the spec. */
export function quietGroup(): ResourcePlan {
  return {
    kind: "parameter-group",
    id: "quiet-pg",
    region: "us-east-1",
    source: { ...source, line: 30 },
    action: "noop",
    changes: [],
    blocked: [],
    notices: [],
    calls: [],
  };
}

function instance(id: string, action: InstancePlan["action"]): InstancePlan {
  return {
    id,
    action,
    source: { ...source, line: 40 },
    changes: [],
    blocked: [],
    notices: [],
    calls: [],
  };
}

/** Instances that match, with the given resources. */
export function planWithResources(resources: ResourcePlan[], instances = 2): Plan {
  return {
    instances: Array.from({ length: instances }, (_, i) => instance(`db-${i}`, "noop")),
    resources,
    summary: { create: 0, modify: 0, noop: instances, blocked: 0 },
  };
}
