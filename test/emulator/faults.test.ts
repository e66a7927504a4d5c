import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand, DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { parseFaultSpec } from "../../src/emulator/index.js";
import { createInput, harness, postQuery, rejectsWith, suiteHarness } from "./_harness.js";

describe("parseFaultSpec", () => {
  it("parses the command-line form, splitting error and drop evenly", () => {
    assert.deepEqual(parseFaultSpec("throttle=0.2,error=0.05,drop=0.02,latency=20ms"), [
      { kind: "throttle", action: "*", rate: 0.2 },
      { kind: "error500", action: "*", rate: 0.025 },
      { kind: "error503", action: "*", rate: 0.025 },
      { kind: "drop-before", action: "*", rate: 0.01 },
      { kind: "drop-after", action: "*", rate: 0.01 },
      { kind: "latency", action: "*", latencyMs: 20, rate: 1 },
    ]);
  });

  it("accepts exact kinds, action scopes and seconds", () => {
    assert.deepEqual(parseFaultSpec("CreateDBInstance:drop-after=1, latency=1.5s@0.5"), [
      { kind: "drop-after", action: "CreateDBInstance", rate: 1 },
      { kind: "latency", action: "*", latencyMs: 1500, rate: 0.5 },
    ]);
    assert.deepEqual(parseFaultSpec(""), []);
  });

  it("names the bad item in its error", () => {
    assert.throws(
      () => parseFaultSpec("throttle=0.2,explode=0.1"),
      /"explode=0.1".*unknown fault kind/,
    );
    assert.throws(() => parseFaultSpec("throttle=2"), /"throttle=2".*rate/);
    assert.throws(() => parseFaultSpec("latency=fast"), /"latency=fast"/);
    assert.throws(() => parseFaultSpec("throttle"), /"throttle".*kind=value/);
  });
});

describe("fault injection over the wire", () => {
  const h = suiteHarness({ seed: 7 });

  it("throttles with Throttling (400), which the SDK retries", async () => {
    h.emu.setFaults([{ kind: "throttle", action: "DescribeDBInstances", count: 1 }]);
    await rejectsWith(h.rds.send(new DescribeDBInstancesCommand({})), "Throttling", 400);
    h.emu.setFaults([{ kind: "throttle", action: "DescribeDBInstances", count: 1 }]);
    const out = await h.retrying.send(new DescribeDBInstancesCommand({}));
    assert.equal(out.$metadata.attempts, 2);
  });

  it("answers 500 InternalFailure and 503 ServiceUnavailable", async () => {
    h.emu.setFaults([{ kind: "error500", count: 1 }]);
    await rejectsWith(h.rds.send(new DescribeDBInstancesCommand({})), "InternalFailure", 500);
    h.emu.setFaults([{ kind: "error503", count: 1 }]);
    await rejectsWith(h.rds.send(new DescribeDBInstancesCommand({})), "ServiceUnavailable", 503);
    const log = h.emu.requestLog().slice(-2);
    assert.deepEqual(
      log.map((e) => [e.status, e.fault]),
      [
        [500, "error500"],
        [503, "error503"],
      ],
    );
  });

  it("drop-before closes the connection without running the action", async () => {
    h.emu.setFaults([{ kind: "drop-before", action: "CreateDBInstance", count: 1 }]);
    await assert.rejects(h.rds.send(new CreateDBInstanceCommand(createInput("dropped"))));
    await rejectsWith(
      h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "dropped" })),
      "DBInstanceNotFound",
      404,
    );
  });

  it("drop-after runs the action and loses the answer: a retried create meets DBInstanceAlreadyExists", async () => {
    h.emu.clearRequestLog();
    h.emu.setFaults([{ kind: "drop-after", action: "CreateDBInstance", count: 1 }]);
    const err = await rejectsWith(
      h.retrying.send(new CreateDBInstanceCommand(createInput("lost-answer"))),
      "DBInstanceAlreadyExists",
      400,
    );
    assert.equal((err as { $metadata?: { attempts?: number } }).$metadata?.attempts, 2);
    h.emu.setFaults([]);
    const d = await h.rds.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: "lost-answer" }),
    );
    assert.equal(d.DBInstances?.[0]?.DBInstanceStatus, "creating");
    const log = h.emu.requestLog();
    assert.deepEqual(
      log.map((e) => [e.action, e.status, e.fault ?? null]),
      [
        ["CreateDBInstance", 0, "drop-after"],
        ["CreateDBInstance", 400, null],
        ["DescribeDBInstances", 200, null],
      ],
    );
    assert.equal(log[1]?.errorCode, "DBInstanceAlreadyExists");
  });

  it("adds latency to matching actions only", async () => {
    h.emu.setFaults([{ kind: "latency", action: "DescribeDBInstances", latencyMs: 60 }]);
    let t = performance.now();
    await h.rds.send(new DescribeDBInstancesCommand({}));
    assert.ok(performance.now() - t >= 55);
    t = performance.now();
    await assert.rejects(h.rds.send(new CreateDBInstanceCommand(createInput("lost-answer"))));
    assert.ok(performance.now() - t < 55);
    h.emu.setFaults([]);
  });

  it("injected errors carry the x-amzn-RequestId header and the same id in the XML", async () => {
    for (const kind of ["throttle", "error500", "error503"] as const) {
      h.emu.setFaults([{ kind, count: 1 }]);
      const res = await postQuery(h.emu.url, "Action=DescribeDBInstances&Version=2014-10-31");
      assert.ok(res.requestId, kind);
      assert.ok(res.text.includes(`<RequestId>${res.requestId}</RequestId>`), kind);
      assert.match(res.text, res.status >= 500 ? /<Type>Receiver<\/Type>/ : /<Type>Sender<\/Type>/);
    }
  });

  it("is reproducible for a given seed", async () => {
    const pattern = async (seed: number) => {
      const x = await harness({ seed, faults: "throttle=0.5" });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) {
        out.push(
          await x.rds.send(new DescribeDBInstancesCommand({})).then(
            () => 200,
            () => 400,
          ),
        );
      }
      await x.close();
      return out;
    };
    const a = await pattern(42);
    assert.deepEqual(await pattern(42), a);
    assert.ok(a.includes(200) && a.includes(400));
  });
});
