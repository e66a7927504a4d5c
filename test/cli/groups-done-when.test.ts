import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  DescribeDBInstancesCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
} from "@aws-sdk/client-rds";
import { DURATIONS } from "../../src/emulator/state/context.js";
import { fleetYaml, IDS, PARAMETERS } from "../helpers/done-when-fleet.js";
import {
  FAST_WAIT,
  MUTATING_ACTIONS,
  runCli,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

/**
 * Issue 16's "Done when" through the built CLI: the whole fleet (groups and
 * instances) applied in one run, a re-run that sends nothing, then export of
 * the fleet and a plan of the exported file: "No changes".
 */
test("apply the fleet with its groups, re-run sends nothing, export then plan gives No changes", () =>
  withEmulator({ seed: 16, timeScale: 0.05 }, async (emulator) => {
    const raw = new RDSClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
    });
    const listed = await raw.send(
      new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: "default" }),
    );
    raw.destroy();
    const subnets = (listed.DBSubnetGroups?.[0]?.Subnets ?? []).map(
      (s) => s.SubnetIdentifier ?? "",
    );
    assert.ok(subnets.length >= 2);

    const dir = tempDir("rdsctl-done-when-");
    const endpoint = ["--endpoint-url", emulator.url];
    const file = writeSpec(dir, "fleet.yaml", fleetYaml(subnets, { wait: FAST_WAIT }));
    const mutating = () =>
      emulator
        .requestLog()
        .map((e) => e.action)
        .filter((a) => MUTATING_ACTIONS.has(a));

    const applied = await runCli(["apply", file, "--yes", ...endpoint], { timeoutMs: 60_000 });
    assert.equal(applied.code, 0, applied.stderr);
    const log = emulator.requestLog().map((e) => e.action);
    const firstInstance = log.findIndex((a) => a.startsWith("CreateDBInstance"));
    assert.ok(firstInstance > 0);
    for (const group of [
      "CreateDBParameterGroup",
      "ModifyDBParameterGroup",
      "CreateDBSubnetGroup",
    ]) {
      const at = log.lastIndexOf(group);
      assert.ok(at >= 0 && at < firstInstance, `${group} before any instance: ${log.join(", ")}`);
    }
    assert.equal(log.filter((a) => a === "ModifyDBParameterGroup").length, 2);
    const reader = new RDSClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
    });
    try {
      for (const id of IDS) {
        const out = await reader.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
        const g = out.DBInstances?.[0]?.DBParameterGroups?.[0];
        assert.deepEqual(
          [id, g?.DBParameterGroupName, g?.ParameterApplyStatus],
          [id, "fleet-pg", "in-sync"],
        );
      }
    } finally {
      reader.destroy();
    }

    emulator.clearRequestLog();
    const again = await runCli(["apply", file, "--yes", ...endpoint], { timeoutMs: 60_000 });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(mutating(), []);

    // A static change with rebootWhenNeeded: rolling reboots, the replica before its source.
    writeSpec(
      dir,
      "fleet.yaml",
      fleetYaml(subnets, {
        wait: FAST_WAIT,
        rebootWhenNeeded: true,
        parameters: { ...PARAMETERS, shared_buffers: "65536" },
      }),
    );
    emulator.clearRequestLog();
    const rebooted = await runCli(["apply", file, "--yes", ...endpoint], { timeoutMs: 60_000 });
    assert.equal(rebooted.code, 0, rebooted.stderr);
    assert.deepEqual(mutating(), [
      "ModifyDBParameterGroup",
      "RebootDBInstance",
      "RebootDBInstance",
      "RebootDBInstance",
    ]);
    const reboots = emulator.requestLog().filter((e) => e.action === "RebootDBInstance");
    const order = reboots.map((e) => e.id);
    assert.deepEqual([...order].sort(), [...IDS].sort());
    assert.ok(order.indexOf("orders-replica") < order.indexOf("orders-db"), order.join(", "));
    const times = reboots.map((e) => Date.parse(e.time));
    for (let i = 1; i < times.length; i++) {
      const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
      assert.ok(
        gap >= DURATIONS.rebooting * 0.05,
        `reboots ${i - 1} and ${i} overlapped: ${gap} ms`,
      );
    }
    assert.doesNotMatch(rebooted.stdout, /pending-reboot/);

    const exportedFile = join(dir, "exported.yaml");
    const exported = await runCli(
      ["export", "--region", "us-east-1", "--out", exportedFile, ...endpoint],
      { timeoutMs: 60_000 },
    );
    assert.equal(exported.code, 0, exported.stderr);
    const text = readFileSync(exportedFile, "utf8");
    assert.match(text, /^parameterGroups:/m);
    assert.match(text, /^subnetGroups:/m);
    assert.match(text, /DBParameterGroupName: fleet-pg/);
    assert.match(text, /DBSubnetGroupName: fleet-subnets/);

    emulator.clearRequestLog();
    const plan = await runCli(["plan", exportedFile, ...endpoint], { timeoutMs: 60_000 });
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /^No changes\./m, plan.stdout);
    assert.deepEqual(mutating(), []);
  }));
