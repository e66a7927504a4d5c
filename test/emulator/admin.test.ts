import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
} from "@aws-sdk/client-rds";
import { describeStartup, startEmulator } from "../../src/emulator/index.js";
import { ADMIN, CREATE_MS, createInput, rejectsWith, suiteHarness } from "./_harness.js";

describe("admin paths", () => {
  const h = suiteHarness();

  const admin = async (method: string, path: string, body?: string) => {
    const res = await fetch(`${h.emu.url}/_emulator/${path}`, { method, body, headers: ADMIN });
    return { status: res.status, json: (await res.json()) as unknown };
  };

  it("GET requests returns the request log (action, id, status)", async () => {
    await h.rds.send(new CreateDBInstanceCommand(createInput("adm")));
    await rejectsWith(
      h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "none" })),
      "DBInstanceNotFound",
      404,
    );
    const { status, json } = await admin("GET", "requests");
    assert.equal(status, 200);
    const log = json as Array<Record<string, unknown>>;
    assert.deepEqual(
      log.map((e) => [e.action, e.id, e.status, e.errorCode ?? null]),
      [
        ["CreateDBInstance", "adm", 200, null],
        ["DescribeDBInstances", "none", 404, "DBInstanceNotFound"],
      ],
    );
    assert.equal((await admin("DELETE", "requests")).status, 200);
    assert.deepEqual(h.emu.requestLog(), []);
  });

  it("POST advance?ms=N moves the manual clock", async () => {
    const before = h.emu.now();
    const res = await admin("POST", `advance?ms=${CREATE_MS}`);
    assert.equal(res.status, 200);
    assert.equal(h.emu.now(), before + CREATE_MS);
    const d = await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "adm" }));
    assert.equal(d.DBInstances?.[0]?.DBInstanceStatus, "available");
    assert.equal((await admin("POST", "advance?ms=-1")).status, 400);
  });

  it("POST maintenance applies deferred changes", async () => {
    await h.rds.send(
      new ModifyDBInstanceCommand({ DBInstanceIdentifier: "adm", DBInstanceClass: "db.m5.large" }),
    );
    assert.equal((await admin("POST", "maintenance")).status, 200);
    const d = await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "adm" }));
    assert.equal(d.DBInstances?.[0]?.DBInstanceClass, "db.m5.large");
    assert.equal(d.DBInstances?.[0]?.PendingModifiedValues, undefined);
  });

  it("PUT faults sets rules from JSON or the command-line form; bad ones are refused", async () => {
    const put = await admin("PUT", "faults", JSON.stringify([{ kind: "throttle", count: 1 }]));
    assert.equal(put.status, 200);
    await rejectsWith(h.rds.send(new DescribeDBInstancesCommand({})), "Throttling", 400);
    const text = await admin("POST", "faults", "error=0");
    assert.equal((text.json as unknown[]).length, 2);
    const bad = await admin("PUT", "faults", "boom=1");
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.json), /boom=1/);
    await admin("PUT", "faults", "[]");
  });

  it("POST reset forgets every instance", async () => {
    assert.equal((await admin("POST", "reset")).status, 200);
    const d = await h.rds.send(new DescribeDBInstancesCommand({}));
    assert.deepEqual(d.DBInstances, []);
  });

  it("answers unknown admin paths with 404", async () => {
    assert.equal((await admin("GET", "nothing")).status, 404);
  });

  it("advance is refused on a real clock", async () => {
    const real = await startEmulator({});
    try {
      const res = await fetch(`${real.url}/_emulator/advance?ms=10`, {
        method: "POST",
        headers: ADMIN,
      });
      assert.equal(res.status, 409);
    } finally {
      await real.close();
    }
  });
});

describe("describeStartup", () => {
  it("says where it listens, that it authenticates nobody, the state, scale, faults and admin paths", async () => {
    const emu = await startEmulator({});
    try {
      const lines = describeStartup(emu, {
        statePath: "/tmp/s.json",
        timeScale: 0.5,
        faults: "throttle=0.1",
        seed: 3,
      });
      const text = lines.join("\n");
      assert.ok(text.includes(emu.url));
      assert.match(text, /authenticates nobody/);
      assert.match(text, /loopback/);
      assert.match(text, /\/tmp\/s\.json/);
      assert.match(text, /Time scale 0\.5/);
      assert.match(text, /throttle @ 0\.1/);
      assert.match(text, /seed 3/);
      assert.match(text, /_emulator\/requests/);
      assert.match(text, /endpoint/);
      const exposed = describeStartup(emu, { host: "0.0.0.0" }).join("\n");
      assert.match(exposed, /WARNING/);
    } finally {
      await emu.close();
    }
  });
});
