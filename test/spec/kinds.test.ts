import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSpecText } from "../../src/spec/parse.js";

function problems(text: string): string[] {
  const r = parseSpecText(text, "spec.yaml");
  return r.ok ? [] : r.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
}

describe("spec: lists of the kinds beside instances", () => {
  it("reads a spec of subnet groups alone, with the file's region and policy", () => {
    const r = parseSpecText(
      [
        "region: eu-west-1",
        "policy:",
        "  purgeTags: true",
        "  purgeParameters: true",
        "subnetGroups:",
        "  - DBSubnetGroupName: App-Subnets",
        "    DBSubnetGroupDescription: app",
        "    SubnetIds: [subnet-b, subnet-a, subnet-b]",
        "    Tags: { team: db }",
        "  - DBSubnetGroupName: other",
        "    DBSubnetGroupDescription: other",
        "    SubnetIds: [subnet-c]",
        "    region: us-east-1",
        "",
      ].join("\n"),
      "spec.yaml",
    );
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.spec.instances, []);
    const [app, other] = r.spec.resources ?? [];
    assert.equal(app?.kind, "subnet-group");
    assert.equal(app?.id, "app-subnets");
    assert.equal(app?.region, "eu-west-1");
    assert.deepEqual(app?.policy, { purgeParameters: true, purgeTags: true });
    assert.deepEqual(app?.fields, {
      DBSubnetGroupName: "app-subnets",
      DBSubnetGroupDescription: "app",
      SubnetIds: ["subnet-b", "subnet-a"],
      Tags: { team: "db" },
    });
    assert.deepEqual(app?.source, { file: "spec.yaml", line: 6, column: 5 });
    assert.equal(other?.region, "us-east-1");
    assert.deepEqual(other?.fieldSources.region, { file: "spec.yaml", line: 13, column: 13 });
  });

  it("keeps the error for a spec with nothing in it", () => {
    assert.deepEqual(problems("region: us-east-1\n"), [
      "1:1 `instances` is required: a list of DB instances",
    ]);
  });

  it("refuses the same name twice in one region, without regard to case, at the second name", () => {
    const text = [
      "subnetGroups:",
      "  - DBSubnetGroupName: app",
      "    DBSubnetGroupDescription: a",
      "    SubnetIds: [subnet-a]",
      "  - DBSubnetGroupName: APP",
      "    DBSubnetGroupDescription: b",
      "    SubnetIds: [subnet-b]",
      "  - DBSubnetGroupName: app",
      "    DBSubnetGroupDescription: c",
      "    SubnetIds: [subnet-c]",
      "    region: us-west-2",
      "",
    ].join("\n");
    assert.deepEqual(problems(text), [
      '5:24 subnetGroups[1].DBSubnetGroupName: DB subnet group "app" is already declared at spec.yaml:2:24 (names are case-insensitive)',
    ]);
  });

  it("locates unknown keys, missing keys and bad values in an item", () => {
    const text = [
      "subnetGroups:",
      "  - DBSubnetGroupName: default",
      "    SubnetId: [subnet-a]",
      "  - DBSubnetGroupName: ok",
      "    DBSubnetGroupDescription: d",
      "    SubnetIds: []",
      "",
    ].join("\n");
    const found = problems(text);
    assert.ok(
      found.some((p) => /^2:24 .*default DB subnet group is RDS's own/.test(p)),
      found.join("\n"),
    );
    assert.ok(
      found.some((p) => /^3:5 .*unknown subnet group key; did you mean SubnetIds\?/.test(p)),
    );
    assert.ok(found.some((p) => /^2:5 .*DBSubnetGroupDescription is required/.test(p)));
    assert.ok(found.some((p) => /^6:16 .*non-empty list of subnet ids/.test(p)));
  });

  it("lets a group list stand beside instances, and suggests the key when it is misspelt", () => {
    const text = [
      "instances:",
      "  - DBInstanceIdentifier: a",
      "    DBInstanceClass: db.t3.micro",
      "    Engine: postgres",
      "    AllocatedStorage: 20",
      "    MasterUsername: u",
      "    ManageMasterUserPassword: true",
      "    DBSubnetGroupName: app",
      "subnetGroup:",
      "  - {}",
      "",
    ].join("\n");
    assert.deepEqual(problems(text), [
      "9:1 subnetGroup: unknown top-level key; did you mean subnetGroups?",
    ]);
  });
});
