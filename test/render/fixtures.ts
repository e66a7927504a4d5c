import type { InstancePlan, Plan } from "../../src/plan/types.js";

const source = { file: "rdsctl.yaml", line: 3, column: 5 };

/** A plan with one instance of each action, as the planner would produce it. */
export function mixedPlan(): Plan {
  const instances: InstancePlan[] = [
    {
      id: "orders-db",
      action: "create",
      source,
      changes: [
        {
          field: "Engine",
          from: undefined,
          to: "postgres",
          timing: "immediate",
          downtime: false,
          sensitive: false,
        },
        {
          field: "AllocatedStorage",
          from: undefined,
          to: 20,
          timing: "immediate",
          downtime: false,
          sensitive: false,
        },
        {
          field: "MasterUserPassword",
          from: undefined,
          to: { kind: "env", name: "ORDERS_DB_PASSWORD" },
          timing: "immediate",
          downtime: false,
          sensitive: true,
        },
      ],
      blocked: [],
      notices: [],
      calls: [],
    },
    {
      id: "reports-db",
      action: "modify",
      source: { ...source, line: 12 },
      status: "available",
      arn: "arn:aws:rds:us-east-1:123456789012:db:reports-db",
      changes: [
        {
          field: "AllocatedStorage",
          from: 20,
          to: 30,
          timing: "maintenance-window",
          downtime: false,
          sensitive: false,
        },
        {
          field: "DBInstanceClass",
          from: "db.t3.micro",
          to: "db.t3.large",
          timing: "immediate",
          downtime: true,
          sensitive: false,
        },
        {
          field: "Tags.team",
          from: undefined,
          to: "orders",
          timing: "immediate",
          downtime: false,
          sensitive: false,
        },
      ],
      blocked: [],
      notices: [
        { field: "DBParameterGroupName", message: "parameter group reports-pg is pending-reboot" },
      ],
      calls: [],
    },
    {
      id: "legacy-db",
      action: "blocked",
      source: { ...source, line: 20 },
      status: "available",
      changes: [],
      blocked: [
        {
          field: "Engine",
          from: "postgres",
          to: "mysql",
          kind: "immutable",
          reason:
            "legacy-db: Engine cannot change from postgres to mysql in place. Restore from a snapshot into a new instance, or revert the spec (rdsctl.yaml:22).",
          sensitive: false,
        },
      ],
      notices: [],
      calls: [],
    },
    {
      id: "quiet-db",
      action: "noop",
      source: { ...source, line: 30 },
      changes: [],
      blocked: [],
      notices: [],
      calls: [],
    },
  ];
  return { instances, summary: { create: 1, modify: 1, noop: 1, blocked: 1 } };
}

export function noopPlan(count: number): Plan {
  const instances: InstancePlan[] = Array.from({ length: count }, (_, i) => ({
    id: `db-${i}`,
    action: "noop" as const,
    source: { ...source, line: 3 + i },
    changes: [],
    blocked: [],
    notices: [],
    calls: [],
  }));
  return { instances, summary: { create: 0, modify: 0, noop: count, blocked: 0 } };
}
