import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { invalid, oneInstance, only, show, valid } from "./_helpers.js";

describe("Tags", () => {
  const forms: Array<[string, string]> = [
    ["a map", "Tags: { team: orders, env: prod }"],
    ["a block map", "Tags:\n  team: orders\n  env: prod"],
    ["AWS's Key/Value list", "Tags: [{ Key: team, Value: orders }, { Key: env, Value: prod }]"],
    [
      "a block Key/Value list",
      "Tags:\n  - Key: team\n    Value: orders\n  - Key: env\n    Value: prod",
    ],
  ];
  for (const [name, yaml] of forms) {
    it(`normalises ${name} to a map`, () => {
      assert.deepEqual(only(valid(oneInstance(yaml))).fields.Tags, { team: "orders", env: "prod" });
    });
  }

  it("keeps the text of unquoted numbers and booleans as tag values", () => {
    const tags = only(valid(oneInstance("Tags: { version: 1.10, pci: True, cost: 0012 }"))).fields
      .Tags;
    assert.deepEqual(tags, { version: "1.10", pci: "True", cost: "0012" });
  });

  it("keeps a __proto__ tag key as an ordinary key, in both forms and through defaults", () => {
    for (const yaml of ['Tags: { "__proto__": x }', "Tags: [{ Key: __proto__, Value: x }]"]) {
      const tags = only(valid(`defaults:\n  Tags: { a: b }\n${oneInstance(yaml)}`)).fields
        .Tags as object;
      assert.deepEqual(Object.entries(tags), [
        ["a", "b"],
        ["__proto__", "x"],
      ]);
      assert.equal(Object.getPrototypeOf(tags), Object.prototype);
    }
  });

  it("accepts a Key without Value as an empty value, as AWS does", () => {
    assert.deepEqual(only(valid(oneInstance("Tags: [{ Key: flag }]"))).fields.Tags, { flag: "" });
  });

  const rejected: Array<[string, string, string]> = [
    [
      "aws: prefix in a map",
      "Tags: { aws:owner: me }",
      'tag keys starting with "aws:" are reserved by AWS',
    ],
    [
      "aws: prefix in a list",
      "Tags: [{ Key: AWS:x, Value: y }]",
      'tag keys starting with "aws:" are reserved',
    ],
    ["rds: prefix", "Tags: { rds:x: y }", 'tag keys starting with "rds:" are reserved by AWS'],
    [
      "a key twice in the list form",
      "Tags: [{ Key: a, Value: x }, { Key: a, Value: y }]",
      'tag "a" is declared twice',
    ],
    ["a misspelt Key", "Tags: [{ Kee: a, Value: x }]", "Kee: unknown key; did you mean Key?"],
    ["a list item without Key", "Tags: [{ Value: x }]", "missing required key Key"],
    ["a nested value", "Tags: { team: [a, b] }", "expected a string tag value, got a list"],
    ["a scalar", "Tags: orders", "expected a map { key: value } or a list of { Key, Value }"],
    [
      "rdsctl's password version tag",
      'Tags: { "rdsctl:password-version": "2" }',
      "is kept by rdsctl from MasterUserPasswordVersion",
    ],
    ["a key over 128 characters", `Tags: { ${"k".repeat(129)}: v }`, "1 to 128 characters"],
  ];
  for (const [name, yaml, message] of rejected) {
    it(`rejects ${name}`, () => {
      const problems = invalid(oneInstance(yaml));
      assert.equal(problems.length, 1, problems.map(show).join("\n"));
      assert.ok(problems[0]!.message.includes(message), problems[0]!.message);
      assert.equal(problems[0]!.line, 3);
    });
  }
});

describe("defaults", () => {
  const spec = `
defaults:
  Engine: postgres
  DBInstanceClass: db.t4g.micro
  ApplyImmediately: true
  Tags: { team: platform, env: dev }
instances:
  - DBInstanceIdentifier: a
  - DBInstanceIdentifier: b
    DBInstanceClass: db.r6g.large
    ApplyImmediately: false
    Tags: { env: prod, app: billing }
`;

  it("merges under every instance, instance values winning", () => {
    const [a, b] = valid(spec).instances;
    assert.equal(a!.fields.Engine, "postgres");
    assert.equal(a!.fields.DBInstanceClass, "db.t4g.micro");
    assert.equal(b!.fields.Engine, "postgres");
    assert.equal(b!.fields.DBInstanceClass, "db.r6g.large");
  });

  it("merges Tags key by key", () => {
    const [a, b] = valid(spec).instances;
    assert.deepEqual(a!.fields.Tags, { team: "platform", env: "dev" });
    assert.deepEqual(b!.fields.Tags, { team: "platform", env: "prod", app: "billing" });
  });

  it("carries ApplyImmediately, overridable per instance", () => {
    const [a, b] = valid(spec).instances;
    assert.equal(a!.applyImmediately, true);
    assert.equal(b!.applyImmediately, false);
  });

  it("points field sources at the defaults or the instance, whichever won", () => {
    const [a, b] = valid(spec).instances;
    assert.equal(a!.fieldSources.DBInstanceClass?.line, 4);
    assert.equal(b!.fieldSources.DBInstanceClass?.line, 10);
    assert.equal(b!.fieldSources.Engine?.line, 3);
  });

  it("does not share objects between instances that inherit the same defaults", () => {
    const [a, b] = valid(
      "defaults:\n  Tags: { team: x }\n  VpcSecurityGroupIds: [sg-1]\ninstances:\n  - DBInstanceIdentifier: a\n  - DBInstanceIdentifier: b\n",
    ).instances;
    assert.deepEqual(a!.fields.Tags, b!.fields.Tags);
    assert.notEqual(a!.fields.Tags, b!.fields.Tags);
    assert.notEqual(a!.fields.VpcSecurityGroupIds, b!.fields.VpcSecurityGroupIds);
    assert.notEqual(a!.policy, b!.policy);
    assert.notEqual(a!.wait, b!.wait);
  });

  it("may not set DBInstanceIdentifier", () => {
    const problems = invalid(
      "defaults:\n  DBInstanceIdentifier: x\ninstances:\n  - DBInstanceIdentifier: a\n",
    );
    assert.deepEqual(problems.map(show), [
      "/specs/rdsctl.yaml:2:3: defaults.DBInstanceIdentifier: defaults may not set DBInstanceIdentifier; each instance needs its own",
    ]);
  });

  it("validates its fields like an instance's, with suggestions", () => {
    const problems = invalid(
      "defaults:\n  Engne: postgres\n  MultiAZ: 1\ninstances:\n  - DBInstanceIdentifier: a\n",
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        "defaults.Engne: unknown field; did you mean Engine?",
        "defaults.MultiAZ: expected a boolean (true or false), got an integer",
      ],
    );
  });

  it("takes part in combination checks after the merge", () => {
    const problems = invalid(
      "defaults:\n  ManageMasterUserPassword: true\ninstances:\n  - DBInstanceIdentifier: a\n    MasterUserPassword: { env: PW }\n",
    );
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]!.message,
      /^instances\[0\]: MasterUserPassword and ManageMasterUserPassword/,
    );
    assert.equal(problems[0]!.line, 5);
  });
});

describe("policy and wait", () => {
  it("defaults: every field updatable, no purge, no reboot; wait 2/30/3600", () => {
    const inst = only(valid(oneInstance("Engine: postgres")));
    assert.deepEqual(inst.policy, { purgeTags: false, rebootWhenNeeded: false });
    assert.equal(inst.policy.updatable, undefined);
    assert.deepEqual(inst.wait, { delaySeconds: 2, maxDelaySeconds: 30, timeoutSeconds: 3600 });
    assert.equal(inst.region, undefined);
  });

  it("applies the file's region, policy and wait to each instance", () => {
    const spec = valid(
      "region: eu-west-1\npolicy:\n  updatable: [AllocatedStorage, Tags]\n  purgeTags: true\n  rebootWhenNeeded: true\nwait: { delaySeconds: 0.5, maxDelaySeconds: 5, timeoutSeconds: 60 }\ninstances:\n  - DBInstanceIdentifier: a\n  - DBInstanceIdentifier: b\n",
    );
    for (const inst of spec.instances) {
      assert.equal(inst.region, "eu-west-1");
      assert.deepEqual(inst.policy, {
        updatable: ["AllocatedStorage", "Tags"],
        purgeTags: true,
        rebootWhenNeeded: true,
      });
      assert.deepEqual(inst.wait, { delaySeconds: 0.5, maxDelaySeconds: 5, timeoutSeconds: 60 });
    }
  });

  it("accepts an empty updatable list: nothing may change", () => {
    assert.deepEqual(
      only(valid(`policy: { updatable: [] }\n${oneInstance("")}`)).policy.updatable,
      [],
    );
  });

  it("warns when a create-only field is listed as updatable", () => {
    const spec = valid(`policy: { updatable: [Engine] }\n${oneInstance("")}`);
    assert.equal(spec.warnings.length, 1);
    assert.match(spec.warnings[0]!.message, /Engine cannot be changed in place/);
    assert.equal(spec.warnings[0]!.location.line, 1);
  });

  const rejected: Array<[string, string, string]> = [
    [
      "an unknown updatable field",
      "policy: { updatable: [AllocatedStorag] }",
      "AllocatedStorag: unknown field; did you mean AllocatedStorage?",
    ],
    [
      "an unknown policy key",
      "policy: { purgeTag: true }",
      "policy.purgeTag: unknown policy key; did you mean purgeTags?",
    ],
    ["a non-boolean purgeTags", "policy: { purgeTags: 1 }", "policy.purgeTags: expected a boolean"],
    [
      "updatable as a string",
      "policy: { updatable: Tags }",
      "expected a list of field names, got a string",
    ],
    [
      "a zero delay",
      "wait: { delaySeconds: 0 }",
      "wait.delaySeconds: expected a positive number of seconds, got 0",
    ],
    [
      "a string timeout",
      'wait: { timeoutSeconds: "60" }',
      "wait.timeoutSeconds: expected a number, got a string",
    ],
    [
      "a ceiling below the first delay",
      "wait: { delaySeconds: 10, maxDelaySeconds: 5 }",
      "wait.maxDelaySeconds: 5 is below delaySeconds (10)",
    ],
    [
      "a default ceiling below a large first delay",
      "wait: { delaySeconds: 60 }",
      "30 is below delaySeconds (60)",
    ],
    [
      "a truncated wait key",
      "wait: { timeout: 60 }",
      "wait.timeout: unknown wait key; did you mean timeoutSeconds?",
    ],
  ];
  for (const [name, yaml, message] of rejected) {
    it(`rejects ${name}`, () => {
      const problems = invalid(`${yaml}\n${oneInstance("")}`);
      assert.equal(problems.length, 1, problems.map(show).join("\n"));
      assert.ok(problems[0]!.message.includes(message), problems[0]!.message);
      assert.equal(problems[0]!.line, 1);
    });
  }
});
