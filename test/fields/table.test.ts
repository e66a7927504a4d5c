import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { DBInstance } from "@aws-sdk/client-rds";
import { FIELDS, fieldByName } from "../../src/kinds/instance/fields/index.js";
import { repoRoot } from "../helpers/repo-root.js";

/** The text of `export interface <name> { ... }` in the SDK's model declarations. */
function sdkInterfaceBody(name: string): string {
  const modelsDir = join(repoRoot(), "node_modules/@aws-sdk/client-rds/dist-types/models");
  for (const file of readdirSync(modelsDir)) {
    const text = readFileSync(join(modelsDir, file), "utf8");
    const start = text.indexOf(`export interface ${name} {`);
    if (start < 0) continue;
    return text.slice(start, text.indexOf("\n}", start));
  }
  throw new Error(`interface ${name} not found in the SDK declarations`);
}

/** Member names of an SDK interface. */
function sdkInterfaceMembers(name: string): string[] {
  const body = sdkInterfaceBody(name);
  return [...body.matchAll(/^ {4}([A-Za-z][A-Za-z0-9]*)\??:/gm)].map((m) => m[1] ?? "");
}

test("the table has exactly one entry per CreateDBInstanceMessage member", () => {
  const sdk = sdkInterfaceMembers("CreateDBInstanceMessage");
  assert.ok(sdk.length > 50, `suspiciously few members parsed: ${sdk.length}`);
  const names = FIELDS.map((f) => f.name);
  assert.equal(new Set(names).size, names.length, "duplicate field names");
  const missing = sdk.filter((n) => !names.includes(n));
  const extra = names.filter((n) => !sdk.includes(n));
  assert.deepEqual(missing, [], "SDK members missing from the table");
  assert.deepEqual(extra, [], "table entries that are not CreateDBInstance members");
});

test("every modify name is a ModifyDBInstanceMessage member", () => {
  const modify = new Set(sdkInterfaceMembers("ModifyDBInstanceMessage"));
  for (const f of FIELDS) {
    if (f.mutability !== "modifiable") continue;
    if (f.name === "Tags") continue; // tags go through the tagging APIs
    const name = f.modifyName ?? f.name;
    assert.ok(modify.has(name), `${f.name}: ModifyDBInstance has no ${name}`);
  }
});

test("ApplyImmediately is not a field (the spec loader lifts it out)", () => {
  assert.equal(fieldByName("ApplyImmediately"), undefined);
});

test("create-only fields say what to do instead", () => {
  for (const f of FIELDS.filter((f) => f.mutability === "create-only")) {
    assert.ok(f.blockedHint && f.blockedHint.length > 20, `${f.name} has no blockedHint`);
  }
});

test("case-insensitive fields are the ones RDS lowercases", () => {
  for (const name of [
    "DBInstanceIdentifier",
    "Engine",
    "DBParameterGroupName",
    "OptionGroupName",
    "DBSubnetGroupName",
    "PreferredMaintenanceWindow",
  ]) {
    const kind = fieldByName(name)?.kind;
    assert.ok(kind?.type === "string" && kind.caseInsensitive === true, name);
  }
});

test("value kinds of representative fields", () => {
  const cases: Array<[string, string, Record<string, unknown>?]> = [
    ["EngineVersion", "string"],
    ["AllocatedStorage", "integer"],
    ["VpcSecurityGroupIds", "string-list", { unordered: true }],
    ["EnableCloudwatchLogsExports", "string-list", { unordered: true }],
    ["Tags", "tags"],
    ["MasterUserPassword", "secret"],
    ["ProcessorFeatures", "object-list"],
    ["MultiAZ", "boolean"],
  ];
  for (const [name, type, extra] of cases) {
    const kind = fieldByName(name)?.kind as Record<string, unknown> | undefined;
    assert.equal(kind?.type, type, name);
    for (const [k, v] of Object.entries(extra ?? {})) assert.equal(kind?.[k], v, `${name}.${k}`);
  }
  assert.equal(fieldByName("MasterUserPassword")?.sensitive, true);
  assert.equal(fieldByName("TdeCredentialPassword")?.sensitive, true);
});

test("modify names differ where RDS renames the parameter", () => {
  assert.equal(fieldByName("Port")?.modifyName, "DBPortNumber");
  assert.equal(
    fieldByName("EnableCloudwatchLogsExports")?.modifyName,
    "CloudwatchLogsExportConfiguration",
  );
  assert.equal(fieldByName("EngineVersion")?.modifyName, undefined);
});

const described: DBInstance = {
  DBInstanceIdentifier: "orders-db",
  Engine: "postgres",
  EngineVersion: "16.3",
  Endpoint: { Address: "orders-db.x.rds.amazonaws.com", Port: 5432 },
  VpcSecurityGroups: [
    { VpcSecurityGroupId: "sg-1", Status: "active" },
    { VpcSecurityGroupId: "sg-2", Status: "adding" },
    { VpcSecurityGroupId: "sg-old", Status: "removing" },
  ],
  DBParameterGroups: [{ DBParameterGroupName: "pg16", ParameterApplyStatus: "pending-reboot" }],
  OptionGroupMemberships: [
    { OptionGroupName: "old-og", Status: "removing" },
    { OptionGroupName: "new-og", Status: "applying" },
  ],
  DBSubnetGroup: { DBSubnetGroupName: "app-subnets" },
  IAMDatabaseAuthenticationEnabled: true,
  PerformanceInsightsEnabled: false,
  CustomerOwnedIpEnabled: false,
  MasterUserSecret: { SecretArn: "arn:aws:secretsmanager:x", KmsKeyId: "arn:aws:kms:r:1:key/k" },
  EnabledCloudwatchLogsExports: ["postgresql"],
  TagList: [
    { Key: "team", Value: "orders" },
    { Key: "env", Value: "prod" },
  ],
  DomainMemberships: [
    { Domain: "d-1", FQDN: "corp.example.com", DnsIps: ["10.0.0.1", "10.0.0.2"] },
  ],
};

test("describe accessors read the shapes DescribeDBInstances returns", () => {
  const cases: Array<[string, unknown]> = [
    ["DBInstanceIdentifier", "orders-db"],
    ["EngineVersion", "16.3"],
    ["Port", 5432],
    ["VpcSecurityGroupIds", ["sg-1", "sg-2"]],
    ["DBParameterGroupName", "pg16"],
    ["OptionGroupName", "new-og"],
    ["DBSubnetGroupName", "app-subnets"],
    ["EnableIAMDatabaseAuthentication", true],
    ["EnablePerformanceInsights", false],
    ["EnableCustomerOwnedIp", false],
    ["ManageMasterUserPassword", true],
    ["MasterUserSecretKmsKeyId", "arn:aws:kms:r:1:key/k"],
    ["EnableCloudwatchLogsExports", ["postgresql"]],
    ["Tags", { team: "orders", env: "prod" }],
    ["Domain", "d-1"],
    ["DomainFqdn", "corp.example.com"],
    ["DomainDnsIps", ["10.0.0.1", "10.0.0.2"]],
    ["MasterUserPassword", undefined],
    // Not reported: unknown, not false.
    ["MultiAZ", undefined],
    ["DeletionProtection", undefined],
  ];
  for (const [name, expected] of cases) {
    const f = fieldByName(name);
    assert.ok(f, name);
    assert.deepEqual(f.current(described), expected, name);
  }
  assert.equal(fieldByName("ManageMasterUserPassword")?.current({}), false);
});

test("pending accessors read PendingModifiedValues", () => {
  const pmv = {
    DBInstanceClass: "db.t3.small",
    Port: 6543,
    IAMDatabaseAuthenticationEnabled: true,
    PendingCloudwatchLogsExports: { LogTypesToEnable: ["upgrade"] },
  };
  assert.equal(fieldByName("DBInstanceClass")?.pending?.(pmv), "db.t3.small");
  assert.equal(fieldByName("Port")?.pending?.(pmv), 6543);
  assert.equal(fieldByName("EnableIAMDatabaseAuthentication")?.pending?.(pmv), true);
  assert.deepEqual(fieldByName("EnableCloudwatchLogsExports")?.pending?.(pmv), {
    LogTypesToEnable: ["upgrade"],
  });
  assert.equal(fieldByName("AllocatedStorage")?.pending?.(pmv), undefined);
});

test("accessors never throw on malformed describe output", () => {
  const junk: unknown[] = [
    {},
    { VpcSecurityGroups: "sg-1", DBParameterGroups: [null, 3], Endpoint: null },
    { TagList: [{ Key: 1 }], OptionGroupMemberships: {}, DomainMemberships: [null] },
    { MasterUserSecret: null, DBSubnetGroup: "x", ProcessorFeatures: [1, "a"] },
  ];
  for (const db of junk) {
    for (const f of FIELDS) {
      assert.doesNotThrow(() => f.current(db as DBInstance), f.name);
      assert.doesNotThrow(() => f.pending?.(db as never), f.name);
    }
  }
});

/** `Name?: type` pairs of an SDK interface, for building type-correct sample values. */
function sdkInterfaceTypes(name: string): Array<[string, string]> {
  const body = sdkInterfaceBody(name);
  return [...body.matchAll(/^ {4}([A-Za-z][A-Za-z0-9]*)\??: ([^|;]+)/gm)].map((m) => [
    m[1] ?? "",
    (m[2] ?? "").trim(),
  ]);
}

test("every PendingModifiedValues member is read by some field's pending accessor", () => {
  // Not reconciled by rdsctl: RDS Custom automation, and extra volumes that
  // are set at create only.
  const exempt = new Set([
    "AutomationMode",
    "ResumeFullAutomationModeTime",
    "AdditionalStorageVolumes",
  ]);
  const sample: Record<string, unknown> = {
    string: "sample",
    number: 7,
    boolean: true,
    PendingCloudwatchLogsExports: { LogTypesToEnable: ["a"] },
    "ProcessorFeature[]": [{ Name: "coreCount", Value: "2" }],
  };
  const members = sdkInterfaceTypes("PendingModifiedValues");
  assert.ok(members.length > 15, `suspiciously few members parsed: ${members.length}`);
  for (const [member, type] of members) {
    if (exempt.has(member)) continue;
    assert.ok(type in sample, `${member}: no sample for type ${type}`);
    const pmv = { [member]: sample[type] };
    const readers = FIELDS.filter((f) => f.pending?.(pmv) !== undefined).map((f) => f.name);
    assert.equal(readers.length, 1, `${member} is read by ${JSON.stringify(readers)}`);
  }
});

test("every describeName is a DBInstance member that differs from the Create name", () => {
  const members = new Set(sdkInterfaceMembers("DBInstance"));
  const named = FIELDS.filter((f) => f.describeName !== undefined);
  assert.ok(named.length >= 10);
  for (const f of named) {
    assert.ok(members.has(f.describeName!), `${f.name}: ${f.describeName} is not in DBInstance`);
    assert.notEqual(f.describeName, f.name);
    assert.ok(!members.has(f.name), `${f.name} is itself a DBInstance member`);
  }
});
