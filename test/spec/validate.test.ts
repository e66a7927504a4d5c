import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { invalid, oneInstance, only, show, valid } from "./_helpers.js";

/**
 * Each case: a spec that must be rejected, and the problems it must produce,
 * as "line:column message-fragment". Every problem is listed, so a case with
 * two mistakes expects exactly two problems.
 */
const REJECTED: Array<{ name: string; text: string; expect: string[] }> = [
  {
    name: "misspelt field, with a suggestion",
    text: oneInstance("AlocatedStorage: 20"),
    expect: ["3:5 instances[0].AlocatedStorage: unknown field; did you mean AllocatedStorage?"],
  },
  {
    name: "wrong casing suggests the right casing",
    text: oneInstance("allocatedStorage: 20"),
    expect: ["3:5 allocatedStorage: unknown field; did you mean AllocatedStorage?"],
  },
  {
    name: "a Modify-only name points at the Create name",
    text: oneInstance("DBPortNumber: 5432"),
    expect: [
      "3:5 DBPortNumber: unknown field; DBPortNumber is the ModifyDBInstance name, the spec uses the CreateDBInstance name Port",
    ],
  },
  {
    name: "a Describe name points at the Create name",
    text: oneInstance("IAMDatabaseAuthenticationEnabled: true"),
    expect: [
      "3:5 IAMDatabaseAuthenticationEnabled: unknown field; IAMDatabaseAuthenticationEnabled is how DescribeDBInstances reports it, the spec uses the CreateDBInstance name EnableIAMDatabaseAuthentication",
    ],
  },
  {
    name: "a key far from any field gets no guess",
    text: oneInstance("Flavour: vanilla"),
    expect: ["3:5 instances[0].Flavour: unknown field"],
  },
  {
    name: "misspelt top-level key",
    text: "instancs:\n  - DBInstanceIdentifier: a\n",
    expect: [
      "1:1 instancs: unknown top-level key; did you mean instances?",
      "1:1 `instances` is required",
    ],
  },
  {
    name: "integer given as a quoted string",
    text: oneInstance('AllocatedStorage: "20"'),
    expect: ["3:23 instances[0].AllocatedStorage: expected an integer, got a string"],
  },
  {
    name: "integer given as a fraction",
    text: oneInstance("AllocatedStorage: 20.5"),
    expect: ["3:23 expected an integer, got a number"],
  },
  {
    name: "storage must be positive",
    text: oneInstance("AllocatedStorage: 0"),
    expect: ["3:23 AllocatedStorage: 0 is below the minimum 1"],
  },
  {
    name: "boolean given as yes",
    text: oneInstance("MultiAZ: yes"),
    expect: [
      "3:14 MultiAZ: expected a boolean (true or false), got a string (write true or false)",
    ],
  },
  {
    name: "boolean given as a quoted string",
    text: oneInstance('MultiAZ: "true"'),
    expect: ["3:14 MultiAZ: expected a boolean (true or false), got a string"],
  },
  {
    name: "string given a list",
    text: oneInstance("Engine: [postgres]"),
    expect: ["3:13 instances[0].Engine: expected a string, got a list"],
  },
  {
    name: "null value",
    text: oneInstance("Engine:"),
    expect: ["3:12 instances[0].Engine: expected a string, got nothing (null)"],
  },
  {
    name: "list field given a string",
    text: oneInstance("VpcSecurityGroupIds: sg-1"),
    expect: ["3:26 VpcSecurityGroupIds: expected a list of strings, got a string"],
  },
  {
    name: "enum value",
    text: oneInstance("NetworkType: IPV6"),
    expect: ['3:18 NetworkType: "IPV6" is not one of IPV4, DUAL'],
  },
  {
    name: "backup retention above 35",
    text: oneInstance("BackupRetentionPeriod: 36"),
    expect: ["3:28 BackupRetentionPeriod: 36 is above the maximum 35"],
  },
  {
    name: "monitoring interval outside RDS's set",
    text: oneInstance("MonitoringInterval: 20"),
    expect: [
      "3:25 MonitoringInterval: 20 is not a valid interval; RDS accepts 0, 1, 5, 10, 15, 30 or 60",
    ],
  },
  {
    name: "performance insights retention not 7, 31n or 731",
    text: oneInstance("PerformanceInsightsRetentionPeriod: 30"),
    expect: ["3:41 PerformanceInsightsRetentionPeriod: 30 is not a valid retention"],
  },
  {
    name: "maintenance window with a bad day",
    text: oneInstance("PreferredMaintenanceWindow: sun:05:00-xyz:06:00"),
    expect: ['3:33 PreferredMaintenanceWindow: "sun:05:00-xyz:06:00" has an unknown day'],
  },
  {
    name: "maintenance window in the wrong form",
    text: oneInstance("PreferredMaintenanceWindow: 05:00-06:00"),
    expect: ["3:33 is not a window of the form ddd:hh24:mi-ddd:hh24:mi"],
  },
  {
    name: "maintenance window shorter than 30 minutes",
    text: oneInstance("PreferredMaintenanceWindow: sun:05:00-sun:05:20"),
    expect: ["3:33 the window must last at least 30 minutes"],
  },
  {
    name: "backup window hour out of range",
    text: oneInstance("PreferredBackupWindow: 25:00-25:30"),
    expect: [
      '3:28 PreferredBackupWindow: "25:00-25:30" is not a window of the form hh24:mi-hh24:mi',
    ],
  },
  {
    name: "backup window overlapping the maintenance window",
    text: oneInstance(
      "PreferredMaintenanceWindow: sun:03:00-sun:04:00\nPreferredBackupWindow: 03:30-04:30",
    ),
    expect: [
      "4:28 instances[0]: PreferredBackupWindow 03:30-04:30 overlaps PreferredMaintenanceWindow",
    ],
  },
  {
    name: "backup window overlapping a maintenance window that wraps the week",
    text: oneInstance(
      "PreferredMaintenanceWindow: sun:23:30-mon:00:30\nPreferredBackupWindow: 00:00-00:45",
    ),
    expect: ["4:28 overlaps PreferredMaintenanceWindow"],
  },
  {
    name: "port below RDS's range",
    text: oneInstance("Port: 80"),
    expect: ["3:11 Port: 80 is below the minimum 1150"],
  },
  {
    name: "storage ceiling below allocated storage",
    text: oneInstance("AllocatedStorage: 100\nMaxAllocatedStorage: 50"),
    expect: ["4:26 MaxAllocatedStorage (50) is below AllocatedStorage (100)"],
  },
  {
    name: "availability zone on a Multi-AZ instance",
    text: oneInstance("MultiAZ: true\nAvailabilityZone: us-east-1a"),
    expect: ["4:23 AvailabilityZone cannot be set on a Multi-AZ instance"],
  },
  {
    name: "provisioned IOPS on gp2",
    text: oneInstance("StorageType: gp2\nIops: 3000"),
    expect: ["4:11 Iops does not apply to StorageType gp2"],
  },
  {
    name: "throughput on anything but gp3",
    text: oneInstance("StorageType: IO1\nIops: 3000\nStorageThroughput: 500"),
    // The message names the storage type as RDS spells it (the value is normalised).
    expect: ["5:24 StorageThroughput applies only to gp3 storage, not io1"],
  },
  {
    name: "password and managed password together",
    text: oneInstance("MasterUserPassword: { env: PW }\nManageMasterUserPassword: true"),
    expect: ["3:25 MasterUserPassword and ManageMasterUserPassword: true cannot be used together"],
  },
  {
    name: "password version without a password",
    text: oneInstance("ManageMasterUserPassword: true\nMasterUserPasswordVersion: 2"),
    expect: ["4:32 MasterUserPasswordVersion needs a MasterUserPassword"],
  },
  {
    name: "password version must be a string or number",
    text: oneInstance("MasterUserPassword: { env: PW }\nMasterUserPasswordVersion: [1]"),
    expect: ["4:32 MasterUserPasswordVersion: expected a non-empty string or number, got a list"],
  },
  {
    name: "ApplyImmediately must be a boolean",
    text: oneInstance("ApplyImmediately: now"),
    expect: ["3:23 instances[0].ApplyImmediately: expected a boolean"],
  },
  {
    name: "a %YAML 1.1 directive does not make yes a boolean",
    text: `%YAML 1.1\n---\n${oneInstance("MultiAZ: yes")}`,
    expect: ["5:14 MultiAZ: expected a boolean (true or false), got a string"],
  },
  {
    name: "duplicate key",
    text: oneInstance("Engine: postgres\nEngine: mysql"),
    expect: ["4:5 Map keys must be unique"],
  },
  {
    name: "YAML syntax error keeps a position",
    text: "instances:\n  - DBInstanceIdentifier: a\n    Engine: [postgres\n",
    // The broken value is still checked, so both are reported.
    expect: ["3:13 expected a string, got a list", "4:1 Flow sequence in block collection"],
  },
  {
    name: "instances missing",
    text: "region: us-east-1\n",
    expect: ["1:1 `instances` is required"],
  },
  {
    name: "instances empty",
    text: "instances: []\n",
    expect: ["1:12 instances: expected a non-empty list of instances, got an empty list"],
  },
  {
    name: "instance item that is not a map",
    text: "instances:\n  - orders-db\n",
    expect: ["2:5 instances[0]: expected a map, got a string"],
  },
  {
    name: "empty file",
    text: "",
    expect: ["1:1 the spec is empty"],
  },
  {
    name: "a list at the top",
    text: "- DBInstanceIdentifier: a\n",
    expect: ["1:1 expected a map, got a list"],
  },
  {
    name: "region that is not a region name",
    text: "region: US East\ninstances:\n  - DBInstanceIdentifier: a\n",
    expect: ['1:9 region: "US East" is not a region name'],
  },
];

describe("spec validation: rejected specs", () => {
  for (const c of REJECTED) {
    it(c.name, () => {
      const problems = invalid(c.text);
      const shown = problems.map((p) => `${p.line}:${p.column} ${p.message}`);
      assert.equal(problems.length, c.expect.length, `problems:\n${shown.join("\n")}`);
      c.expect.forEach((want, i) => {
        const [pos, ...rest] = want.split(" ");
        const got = shown[i] ?? "";
        assert.ok(got.startsWith(`${pos} `), `expected position ${pos}, got: ${got}`);
        assert.ok(got.includes(rest.join(" ")), `expected "${rest.join(" ")}" in: ${got}`);
      });
    });
  }
});

describe("spec validation: DBInstanceIdentifier", () => {
  const cases: Array<[string, string | undefined]> = [
    ["orders-db", undefined],
    ["A", undefined],
    ["a".repeat(63), undefined],
    ["a".repeat(64), "must be 1 to 63 characters long"],
    ["1orders", "must start with a letter"],
    ["-orders", "must start with a letter"],
    ["orders_db", "may contain only letters, digits and hyphens"],
    ["orders--db", "may not contain two consecutive hyphens"],
    ["orders-", "may not end with a hyphen"],
    ['""', "must be 1 to 63 characters long"],
  ];
  for (const [id, problem] of cases) {
    it(`${id.slice(0, 20)} -> ${problem ?? "accepted"}`, () => {
      const text = `instances:\n  - DBInstanceIdentifier: ${id}\n`;
      if (problem === undefined) {
        assert.equal(only(valid(text)).id, id.toLowerCase());
        return;
      }
      const problems = invalid(text);
      assert.equal(problems.length, 1, problems.map(show).join("\n"));
      assert.match(problems[0]!.message, new RegExp(problem));
      assert.deepEqual([problems[0]!.line, problems[0]!.column], [2, 27]);
    });
  }

  it("is required in every instance", () => {
    const problems = invalid("instances:\n  - Engine: postgres\n  - DBInstanceIdentifier: b\n");
    assert.deepEqual(problems.map(show), [
      "/specs/rdsctl.yaml:2:5: instances[0]: DBInstanceIdentifier is required",
    ]);
  });

  it("is stored lowercased, in id and in fields", () => {
    const inst = only(valid("instances:\n  - DBInstanceIdentifier: Orders-DB\n"));
    assert.equal(inst.id, "orders-db");
    assert.equal(inst.fields.DBInstanceIdentifier, "orders-db");
  });

  it("must be unique in a file, ignoring case", () => {
    const problems = invalid(
      "instances:\n  - DBInstanceIdentifier: orders-db\n  - DBInstanceIdentifier: Orders-DB\n",
    );
    assert.deepEqual(problems.map(show), [
      '/specs/rdsctl.yaml:3:27: instances[1].DBInstanceIdentifier: "orders-db" is already declared at /specs/rdsctl.yaml:2:27 (identifiers are case-insensitive)',
    ]);
  });
});

describe("spec validation: every problem at once", () => {
  it("reports all problems of a file, in document order, each with its position", () => {
    const text = [
      "regin: us-east-1", // 1
      "instances:", // 2
      "  - DBInstanceIdentifier: orders_db", // 3
      "    AlocatedStorage: 20", // 4
      "    MultiAZ: yes", // 5
      "    BackupRetentionPeriod: 99", // 6
      "  - DBInstanceIdentifier: billing-db", // 7
      "    Tags: { aws:owner: me }", // 8
      "wait: { delaySeconds: -1 }", // 9
      "policy: { updatable: [DBInstanceClas] }", // 10
    ].join("\n");
    const problems = invalid(text);
    assert.deepEqual(
      problems.map((p) => [p.line, p.column, p.path]),
      [
        [1, 1, "regin"],
        [3, 27, "instances[0].DBInstanceIdentifier"],
        [4, 5, "instances[0].AlocatedStorage"],
        [5, 14, "instances[0].MultiAZ"],
        [6, 28, "instances[0].BackupRetentionPeriod"],
        [8, 13, "instances[1].Tags.aws:owner"],
        [9, 23, "wait.delaySeconds"],
        [10, 23, "policy.updatable[0]"],
      ],
    );
    assert.match(problems[0]!.message, /did you mean region\?/);
    assert.match(
      problems[7]!.message,
      /DBInstanceClas: unknown field; did you mean DBInstanceClass\?/,
    );
  });
});

describe("spec validation: accepted values", () => {
  it("keeps the source text of an unquoted number in a string field", () => {
    const inst = only(valid(oneInstance("EngineVersion: 8.0\nDBName: 16")));
    assert.equal(inst.fields.EngineVersion, "8.0");
    assert.equal(inst.fields.DBName, "16");
  });

  it("keeps numbers, booleans and lists typed", () => {
    const inst = only(
      valid(
        oneInstance(
          "AllocatedStorage: 20\nMultiAZ: false\nVpcSecurityGroupIds: [sg-1, sg-2]\nEnableCloudwatchLogsExports: [postgresql]",
        ),
      ),
    );
    assert.equal(inst.fields.AllocatedStorage, 20);
    assert.equal(inst.fields.MultiAZ, false);
    assert.deepEqual(inst.fields.VpcSecurityGroupIds, ["sg-1", "sg-2"]);
    assert.deepEqual(inst.fields.EnableCloudwatchLogsExports, ["postgresql"]);
  });

  it("accepts IOPS and throughput on gp3, and IOPS on io1", () => {
    valid(oneInstance("StorageType: gp3\nIops: 12000\nStorageThroughput: 500"));
    valid(oneInstance("StorageType: io1\nIops: 3000"));
  });

  it("accepts enum values in another case where RDS does, keeping AWS's spelling", () => {
    const inst = only(valid(oneInstance("StorageType: GP3\nEngine: PostgreS")));
    assert.equal(inst.fields.StorageType, "gp3");
    assert.equal(inst.fields.Engine, "postgres");
  });

  it("accepts windows RDS accepts, including one that wraps the week", () => {
    const inst = only(
      valid(
        oneInstance(
          "PreferredMaintenanceWindow: Sun:23:45-Mon:00:15\nPreferredBackupWindow: 03:00-03:30",
        ),
      ),
    );
    assert.equal(inst.fields.PreferredMaintenanceWindow, "Sun:23:45-Mon:00:15");
  });

  it("reads object lists as strings, as RDS compares them", () => {
    const inst = only(
      valid(
        oneInstance(
          "ProcessorFeatures: [{ Name: coreCount, Value: 4 }, { Name: threadsPerCore, Value: 1 }]",
        ),
      ),
    );
    assert.deepEqual(inst.fields.ProcessorFeatures, [
      { Name: "coreCount", Value: "4" },
      { Name: "threadsPerCore", Value: "1" },
    ]);
  });

  it("rejects an object-list item with an unknown or missing key", () => {
    const problems = invalid(
      oneInstance("ProcessorFeatures: [{ Name: coreCount, Valu: 4 }, { Name: x }]"),
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        "instances[0].ProcessorFeatures[0].Valu: unknown key; did you mean Value?",
        "instances[0].ProcessorFeatures[1]: missing required key Value",
      ],
    );
  });

  it("follows YAML anchors and aliases", () => {
    const spec = valid(
      "instances:\n  - DBInstanceIdentifier: a\n    VpcSecurityGroupIds: &sgs [sg-1]\n  - DBInstanceIdentifier: b\n    VpcSecurityGroupIds: *sgs\n",
    );
    assert.deepEqual(spec.instances[1]!.fields.VpcSecurityGroupIds, ["sg-1"]);
  });

  it("records where each field and each instance was declared", () => {
    const inst = only(valid(oneInstance("Engine: postgres\nAllocatedStorage: 20")));
    assert.deepEqual(inst.source, { file: "/specs/rdsctl.yaml", line: 2, column: 5 });
    assert.deepEqual(inst.fieldSources.Engine, { file: "/specs/rdsctl.yaml", line: 3, column: 13 });
    assert.deepEqual(inst.fieldSources.AllocatedStorage, {
      file: "/specs/rdsctl.yaml",
      line: 4,
      column: 23,
    });
  });

  it("lifts the rdsctl keys out of fields", () => {
    const inst = only(
      valid(
        oneInstance(
          "ApplyImmediately: true\nMasterUserPassword: { env: PW }\nMasterUserPasswordVersion: 3",
        ),
      ),
    );
    assert.equal(inst.applyImmediately, true);
    assert.equal(inst.passwordVersion, "3");
    assert.equal("ApplyImmediately" in inst.fields, false);
    assert.equal("MasterUserPasswordVersion" in inst.fields, false);
  });

  it("defaults ApplyImmediately to AWS's false", () => {
    assert.equal(only(valid(oneInstance("Engine: postgres"))).applyImmediately, false);
  });
});
