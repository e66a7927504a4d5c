import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DescribeDBParametersCommand, DescribeDBSubnetGroupsCommand } from "@aws-sdk/client-rds";
import type { ProgressEvent } from "../../src/apply/types.js";
import { DURATIONS } from "../../src/emulator/state/context.js";
import { ChangeBlockedError } from "../../src/errors.js";
import { loadSpec } from "../../src/spec/index.js";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { type FleetOptions, fleetYaml, IDS, PARAMETERS } from "../helpers/done-when-fleet.js";
import { suiteEmulator, type TestEmulator } from "../helpers/emulator.js";

/**
 * Issue 16's "Done when", end to end with the real SDK against the emulator:
 * one spec with a parameter group of 25 parameters, a subnet group, a
 * primary, its replica and a third instance, all new, applied in one run;
 * then a dynamic change, a static change with rebootWhenNeeded and a family
 * change on the same fleet.
 */

async function defaultSubnetIds(t: TestEmulator): Promise<string[]> {
  const raw = t.rawClient();
  try {
    const out = await raw.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: "default" }));
    const ids = (out.DBSubnetGroups?.[0]?.Subnets ?? []).map((s) => s.SubnetIdentifier ?? "");
    assert.ok(ids.length >= 2, `the default subnet group lists subnets: ${ids.join(", ")}`);
    return ids;
  } finally {
    raw.destroy();
  }
}

/** The group's user-set parameters, every page, as name to value. */
async function userParameters(t: TestEmulator): Promise<Record<string, string>> {
  const raw = t.rawClient();
  try {
    const found: Record<string, string> = {};
    let Marker: string | undefined;
    do {
      const page = await raw.send(
        new DescribeDBParametersCommand({
          DBParameterGroupName: "fleet-pg",
          Source: "user",
          Marker,
        }),
      );
      for (const p of page.Parameters ?? []) found[p.ParameterName ?? ""] = p.ParameterValue ?? "";
      Marker = page.Marker;
    } while (Marker !== undefined);
    return found;
  } finally {
    raw.destroy();
  }
}

describe("issue 16, done when: groups and instances in one spec, on the emulator", () => {
  const t = suiteEmulator();
  const conn = (): WorkflowConnection => ({ region: "us-east-1", apiFactory: () => t.api });
  const dir = mkdtempSync(join(tmpdir(), "rdsctl-done-when-"));

  async function specFor(subnets: readonly string[], options: FleetOptions = {}) {
    const file = join(dir, "fleet.yaml");
    writeFileSync(file, fleetYaml(subnets, options));
    return loadSpec([file]);
  }

  async function groupStatuses(): Promise<Array<[string, string | undefined, string | undefined]>> {
    return Promise.all(
      IDS.map(async (id) => {
        const live = await t.api.describeInstance(id);
        const g = live?.DBParameterGroups?.[0];
        return [id, g?.DBParameterGroupName, g?.ParameterApplyStatus] as [
          string,
          string | undefined,
          string | undefined,
        ];
      }),
    );
  }

  /** The first apply of the whole fleet, checked as the first bullet asks. */
  async function createFleet(subnets: readonly string[]): Promise<void> {
    t.emulator.clearRequestLog();
    const spec = await specFor(subnets);
    const { plan, result } = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(plan.resources?.map((r) => `${r.kind} ${r.id} ${r.action}`).sort(), [
      "parameter-group fleet-pg create",
      "subnet-group fleet-subnets create",
    ]);
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome]),
      IDS.map((id) => [id, "created"]),
    );
    const log = t.emulator.requestLog();
    const at = (action: string) => log.flatMap((e, i) => (e.action === action ? [i] : []));
    const firstInstanceCall = Math.min(
      ...at("CreateDBInstance"),
      ...at("CreateDBInstanceReadReplica"),
    );
    assert.equal(at("CreateDBInstance").length, 2);
    assert.equal(at("CreateDBInstanceReadReplica").length, 1);
    const groupCalls = [
      ...at("CreateDBParameterGroup"),
      ...at("ModifyDBParameterGroup"),
      ...at("CreateDBSubnetGroup"),
    ];
    assert.equal(at("CreateDBParameterGroup").length, 1);
    assert.equal(at("CreateDBSubnetGroup").length, 1);
    // 25 parameters, at most 20 a call: two calls.
    const modifies = log.filter((e) => e.action === "ModifyDBParameterGroup");
    assert.equal(modifies.length, 2);
    assert.ok(
      groupCalls.every((i) => i < firstInstanceCall),
      `groups before instances: ${log.map((e) => e.action).join(", ")}`,
    );
    // Every parameter reached the group, with its value.
    assert.deepEqual(await userParameters(t), PARAMETERS);
    assert.deepEqual(
      await groupStatuses(),
      IDS.map((id) => [id, "fleet-pg", "in-sync"]),
    );
  }

  it("creates the groups first, at most 20 parameters a call, all in-sync; the re-run sends nothing", async () => {
    const subnets = await defaultSubnetIds(t);
    await createFleet(subnets);
    t.emulator.clearRequestLog();
    const again = await applySpec(await specFor(subnets), conn(), t.clock);
    assert.deepEqual(t.mutating(), []);
    assert.ok(again.plan.resources?.every((r) => r.action === "noop"));
    assert.ok(again.plan.instances.every((i) => i.action === "noop"));
  });

  it("a dynamic change: exactly one ModifyDBParameterGroup, no reboot, the instances end in-sync", async () => {
    const subnets = await defaultSubnetIds(t);
    await createFleet(subnets);
    const events: ProgressEvent[] = [];
    t.emulator.clearRequestLog();
    const spec = await specFor(subnets, { parameters: { ...PARAMETERS, work_mem: "16384" } });
    const { plan } = await applySpec(spec, conn(), {
      ...t.clock,
      onProgress: (e) => events.push(e),
    });
    assert.deepEqual(plan.resources?.map((r) => `${r.kind} ${r.id} ${r.action}`).sort(), [
      "parameter-group fleet-pg modify",
      "subnet-group fleet-subnets noop",
    ]);
    assert.deepEqual(t.mutating(), ["ModifyDBParameterGroup"]);
    assert.ok(!t.actions().includes("RebootDBInstance"));
    assert.equal((await userParameters(t)).work_mem, "16384");
    // Apply waited for the instances on the group to take the change.
    assert.deepEqual(
      events.flatMap((e) => (e.type === "wait-parameters" ? [e.id] : [])).sort(),
      [...IDS].sort(),
    );
    assert.deepEqual(
      await groupStatuses(),
      IDS.map((id) => [id, "fleet-pg", "in-sync"]),
    );
  });

  it("a static change with rebootWhenNeeded: each instance rebooted once, one at a time, the replica before its source, all in-sync", async () => {
    const subnets = await defaultSubnetIds(t);
    await createFleet(subnets);
    const windows = new Map<string, { start: number; end?: number }>();
    const onProgress = (e: ProgressEvent) => {
      if (e.type === "call" && e.call === "reboot") {
        assert.ok(!windows.has(e.id), `${e.id} rebooted once`);
        windows.set(e.id, { start: t.emulator.now() });
      }
      const w = windows.get(e.id);
      if (e.type === "stable" && w !== undefined && w.end === undefined) w.end = t.emulator.now();
    };
    const spec = await specFor(subnets, {
      parameters: { ...PARAMETERS, shared_buffers: "65536" },
      rebootWhenNeeded: true,
    });
    const { plan } = await planSpec(spec, conn());
    assert.ok(
      plan.instances.every((i) =>
        i.notices.some((n) => /shared_buffers: static, needs a reboot of/.test(n.message)),
      ),
      JSON.stringify(plan.instances.map((i) => i.notices)),
    );
    t.emulator.clearRequestLog();
    const { result } = await applySpec(spec, conn(), { ...t.clock, onProgress });
    assert.deepEqual(t.mutating(), [
      "ModifyDBParameterGroup",
      "RebootDBInstance",
      "RebootDBInstance",
      "RebootDBInstance",
    ]);
    const rebooted = t.emulator
      .requestLog()
      .filter((e) => e.action === "RebootDBInstance")
      .map((e) => e.id);
    assert.deepEqual([...rebooted].sort(), [...IDS].sort(), "each of the three, once");
    assert.ok(
      rebooted.indexOf("orders-replica") < rebooted.indexOf("orders-db"),
      `the replica before its source: ${rebooted.join(", ")}`,
    );
    // On the emulator's own clock: each reboot lasts DURATIONS.rebooting (time scale 1), and
    // each next one was sent only after the one before had ended.
    const times = t.emulator
      .requestLog()
      .filter((e) => e.action === "RebootDBInstance")
      .map((e) => Date.parse(e.time));
    for (let i = 1; i < times.length; i++) {
      const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
      assert.ok(
        gap >= DURATIONS.rebooting,
        `reboots ${i - 1} and ${i} overlapped: ${gap} ms apart`,
      );
    }
    assert.equal(result.pendingReboot, undefined);
    const spans = IDS.map((id) => {
      const w = windows.get(id);
      assert.ok(w?.end !== undefined, `${id} was rebooted and seen stable`);
      return { id, start: w.start, end: w.end };
    });
    for (const a of spans) {
      for (const b of spans) {
        if (a === b) continue;
        assert.ok(a.end <= b.start || b.end <= a.start, `${a.id} and ${b.id} rebooted together`);
      }
    }
    const [primary, replica] = spans;
    assert.ok(
      (replica?.end ?? 0) <= (primary?.start ?? 0),
      "the replica was back before its source went down",
    );
    for (const id of IDS)
      assert.equal((await t.api.describeInstance(id))?.DBInstanceStatus, "available");
    assert.deepEqual(
      await groupStatuses(),
      IDS.map((id) => [id, "fleet-pg", "in-sync"]),
    );
    assert.equal((await userParameters(t)).shared_buffers, "65536");
  });

  it("a family change is blocked before any call, with advice", async () => {
    const subnets = await defaultSubnetIds(t);
    await createFleet(subnets);
    const spec = await specFor(subnets, { family: "postgres17" });
    t.emulator.clearRequestLog();
    const { plan } = await planSpec(spec, conn());
    const group = plan.resources?.find((r) => r.kind === "parameter-group");
    assert.equal(group?.action, "blocked");
    assert.match(
      group?.blocked.map((b) => b.reason).join("\n") ?? "",
      /the family cannot change from postgres16 to postgres17 .*Create a new group under a new name with family postgres17, then point the instances at it/,
    );
    const err = await applySpec(spec, conn(), t.clock).then(
      () => assert.fail("must be blocked"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ChangeBlockedError, String(err));
    assert.deepEqual(t.mutating(), []);
  });
});
