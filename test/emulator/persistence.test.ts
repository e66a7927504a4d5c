import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand, DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { startEmulator } from "../../src/emulator/index.js";
import { createInput, harness, suiteTempDir } from "./_harness.js";

describe("state file", () => {
  const tmp = suiteTempDir("rdsctl-emu-");

  it("persists instances and their schedules across a restart, and the lifecycle carries on", async () => {
    const statePath = join(tmp.path, "state.json");
    const first = await harness({ statePath });
    await first.rds.send(
      new CreateDBInstanceCommand(createInput("kept", { Tags: [{ Key: "k", Value: "v" }] })),
    );
    first.emu.advance(1000);
    await first.close();
    assert.deepEqual(readdirSync(tmp.path), ["state.json"], "no temporary file is left behind");
    assert.ok(!readFileSync(statePath, "utf8").includes("S3cret"), "the password is not persisted");

    const second = await harness({ statePath });
    try {
      const d = await second.rds.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: "kept" }),
      );
      assert.equal(d.DBInstances?.[0]?.DBInstanceStatus, "creating");
      assert.deepEqual(d.DBInstances?.[0]?.TagList, [{ Key: "k", Value: "v" }]);
      second.emu.advance(5000);
      const later = await second.rds.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: "kept" }),
      );
      assert.equal(later.DBInstances?.[0]?.DBInstanceStatus, "available");
    } finally {
      await second.close();
    }
  });

  it("refuses a corrupt state file, naming it, and leaves it untouched", async () => {
    const statePath = join(tmp.path, "corrupt.json");
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
    const statePath = join(tmp.path, "reset.json");
    const h = await harness({ statePath });
    try {
      await h.rds.send(new CreateDBInstanceCommand(createInput("gone-soon")));
      h.emu.reset();
      const state = JSON.parse(readFileSync(statePath, "utf8"));
      assert.deepEqual(
        state.regions.map((r: { region: string }) => r.region),
        ["us-east-1"],
      );
      const [region] = state.regions;
      assert.deepEqual(region.instances, []);
      assert.ok(region.parameterGroups.some(([name]: [string]) => name === "default.postgres16"));
    } finally {
      await h.close();
    }
  });
});
