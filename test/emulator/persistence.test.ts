import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateDBInstanceCommand, DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { startEmulator } from "../../src/emulator/index.js";
import { client, createInput } from "./_harness.js";

describe("state file", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "rdsctl-emu-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("persists instances and their schedules across a restart, and the lifecycle carries on", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ clock: "manual", statePath });
    const rds1 = client(first.url);
    await rds1.send(
      new CreateDBInstanceCommand(createInput("kept", { Tags: [{ Key: "k", Value: "v" }] })),
    );
    first.advance(1000);
    rds1.destroy();
    await first.close();
    assert.deepEqual(readdirSync(dir), ["state.json"], "no temporary file is left behind");
    assert.ok(!readFileSync(statePath, "utf8").includes("S3cret"), "the password is not persisted");

    const second = await startEmulator({ clock: "manual", statePath });
    const rds2 = client(second.url);
    try {
      const d = await rds2.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "kept" }));
      assert.equal(d.DBInstances?.[0]?.DBInstanceStatus, "creating");
      assert.deepEqual(d.DBInstances?.[0]?.TagList, [{ Key: "k", Value: "v" }]);
      second.advance(5000);
      const later = await rds2.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: "kept" }),
      );
      assert.equal(later.DBInstances?.[0]?.DBInstanceStatus, "available");
    } finally {
      rds2.destroy();
      await second.close();
    }
  });

  it("refuses a corrupt state file, naming it, and leaves it untouched", async () => {
    const statePath = join(dir, "corrupt.json");
    writeFileSync(statePath, "{ not json");
    await assert.rejects(startEmulator({ statePath }), (err: Error) => {
      assert.ok(err.message.includes(statePath));
      assert.match(err.message, /corrupt/);
      return true;
    });
    assert.equal(readFileSync(statePath, "utf8"), "{ not json");
    writeFileSync(statePath, JSON.stringify({ version: 1, instances: [] }));
    await assert.rejects(startEmulator({ statePath }), /corrupt/);
  });

  it("reset() persists a fresh account", async () => {
    const statePath = join(dir, "reset.json");
    const emu = await startEmulator({ clock: "manual", statePath });
    const rds = client(emu.url);
    try {
      await rds.send(new CreateDBInstanceCommand(createInput("gone-soon")));
      emu.reset();
      const state = JSON.parse(readFileSync(statePath, "utf8"));
      assert.deepEqual(state.instances, {});
      assert.ok(state.parameterGroups["default.postgres16"]);
    } finally {
      rds.destroy();
      await emu.close();
    }
  });
});
