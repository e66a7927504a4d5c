import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DBEngineVersion } from "@aws-sdk/client-rds";
import { computePlan } from "../../src/plan/compute.js";
import type { CheckTarget, PreflightFacts } from "../../src/plan/preflight.js";
import {
  checkUpgradeTargets,
  compactVersions,
  withUpgradeBlocks,
} from "../../src/plan/upgrade-targets.js";
import { desired, live } from "./_fixtures.js";

/* An upgrade's target against the live version's ValidUpgradeTarget (plain data). */

const CATALOGUE = ["16.3", "16.4", "16.5", "16.6", "17.1", "17.2", "17.3", "17.4"];

function versions(validFrom164: string[]): DBEngineVersion[] {
  return CATALOGUE.map((v) => ({
    Engine: "postgres",
    EngineVersion: v,
    DBParameterGroupFamily: `postgres${v.split(".")[0]}`,
    ValidUpgradeTarget: (v === "16.4" ? validFrom164 : []).map((t) => ({
      Engine: "postgres",
      EngineVersion: t,
    })),
  }));
}

function facts(engineVersions: PreflightFacts["engineVersions"]): PreflightFacts {
  return {
    orderable: new Map(),
    engineVersions,
    parameterGroups: new Map(),
    optionGroups: new Map(),
    subnetGroups: new Map(),
    secrets: new Map(),
  };
}

function target(version: string): CheckTarget {
  const d = desired(
    { Engine: "postgres", EngineVersion: version },
    { allowMajorVersionUpgrade: true },
  );
  const db = live({ Engine: "postgres", EngineVersion: "16.4" });
  const plan = computePlan([d], [db]).instances[0];
  assert.ok(plan && plan.action === "modify", JSON.stringify(plan));
  return { d, db, plan, region: "us-east-1" };
}

const VALID = ["16.5", "16.6", "17.2", "17.4"];

describe("upgrade targets", () => {
  it("lists versions compactly: runs of one major in the catalogue become ranges", () => {
    assert.equal(
      compactVersions("postgres", ["17.4", "16.4", "16.5", "16.6", "17.2"], CATALOGUE),
      "16.4-16.6, 17.2, 17.4",
    );
    assert.equal(compactVersions("postgres", ["16.6", "17.1"], CATALOGUE), "16.6, 17.1");
  });

  it("a declared major or full version that a valid target matches goes through", () => {
    const f = facts(new Map([["postgres", versions(VALID)]]));
    for (const v of ["17", "17.2", "16.6"]) {
      const out = checkUpgradeTargets([target(v)], f);
      assert.equal(out.blocks.size, 0, v);
      assert.deepEqual(out.warnings, []);
    }
  });

  it("one no valid target matches is blocked (refused), with the valid targets listed", () => {
    const f = facts(new Map([["postgres", versions(VALID)]]));
    const t = target("17.3");
    const out = checkUpgradeTargets([t], f);
    const b = out.blocks.get("orders-db");
    assert.equal(b?.kind, "refused");
    assert.equal(b?.field, "EngineVersion");
    assert.match(b?.reason ?? "", /17\.3 is not a valid upgrade target of postgres 16\.4/);
    assert.match(b?.reason ?? "", /valid targets: 16\.5-16\.6, 17\.2, 17\.4\)/);
    const [blocked] = withUpgradeBlocks([t.plan], out.blocks);
    assert.equal(blocked?.action, "blocked");
    assert.deepEqual(blocked?.calls, []);
    assert.equal(blocked?.upgrade, undefined);
    const replica = { ...t.plan, id: "orders-replica", calls: [] };
    const withSource = { ...replica, upgrade: { ...t.plan.upgrade!, withSource: "orders-db" } };
    const [, left] = withUpgradeBlocks([t.plan, withSource], out.blocks);
    assert.equal(left?.upgrade, undefined, "a replica is not upgraded with a blocked source");
    const major18 = checkUpgradeTargets([target("18")], f).blocks.get("orders-db");
    assert.match(major18?.reason ?? "", /18 is not a valid upgrade target/);
  });

  it("versions that could not be read, or do not list the live one: a warning, no block", () => {
    const denied = checkUpgradeTargets(
      [target("17.3")],
      facts(
        new Map([
          ["postgres", { unknown: "rds:DescribeDBEngineVersions was denied: AccessDenied" }],
        ]),
      ),
    );
    assert.equal(denied.blocks.size, 0);
    assert.equal(denied.warnings[0]?.check, "engine-versions");
    assert.match(
      denied.warnings[0]?.message ?? "",
      /^orders-db: could not check that postgres 17\.3 is a valid upgrade target of 16\.4 \(rds:DescribeDBEngineVersions was denied: AccessDenied\)/,
    );
    const unlisted = checkUpgradeTargets(
      [target("17.3")],
      facts(new Map([["postgres", versions(VALID).filter((v) => v.EngineVersion !== "16.4")]])),
    );
    assert.equal(unlisted.blocks.size, 0);
    assert.match(unlisted.warnings[0]?.message ?? "", /does not list postgres 16\.4/);
  });
});
