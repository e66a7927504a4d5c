import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateDBInstanceReadReplicaCommand,
  StartDBInstanceCommand,
  StopDBInstanceCommand,
} from "@aws-sdk/client-rds";
import { CREATE_MS, rejectsWith, suiteHarness } from "../_harness.js";

/*
 * StopDBInstance and StartDBInstance, rule by rule, each test titled with the
 * AWS documentation it comes from. Also covered elsewhere: stopping ->
 * stopped -> starting -> available (lifecycle.test.ts), start while available
 * (errors.test.ts), the statuses start accepts (injected-status.test.ts), a
 * waiter timing out on a stopped instance (waiters.test.ts).
 */
describe("StopDBInstance and StartDBInstance conformance", () => {
  const h = suiteHarness();
  const stop = (id: string) => h.rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: id }));

  it("User Guide, Stopping an Amazon RDS DB instance temporarily, Limitations: a read replica can't be stopped (StopDBInstance API reference, Errors: InvalidDBInstanceState)", async () => {
    await h.createAvailable("src");
    await h.rds.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: "rep",
        SourceDBInstanceIdentifier: "src",
      }),
    );
    h.emu.advance(CREATE_MS);
    const e = await rejectsWith(stop("rep"), "InvalidDBInstanceState", 400);
    assert.equal(e.message, "Cannot stop or start a Read-Replica instance");
    assert.equal((await h.instance("rep")).DBInstanceStatus, "available");
  });

  it("User Guide, Stopping an Amazon RDS DB instance temporarily, Limitations: an instance with a read replica can't be stopped (InvalidDBInstanceState)", async () => {
    await rejectsWith(stop("src"), "InvalidDBInstanceState", 400);
    assert.equal((await h.instance("src")).DBInstanceStatus, "available");
  });

  it("StopDBInstance API reference: an available instance without replicas stops; StartDBInstance brings it back", async () => {
    await h.createAvailable("alone");
    assert.equal((await stop("alone")).DBInstance?.DBInstanceStatus, "stopping");
    h.emu.advance(2000);
    assert.equal((await h.instance("alone")).DBInstanceStatus, "stopped");
    await rejectsWith(stop("alone"), "InvalidDBInstanceState", 400);
    await h.rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: "alone" }));
    h.emu.advance(3000);
    assert.equal((await h.instance("alone")).DBInstanceStatus, "available");
  });
});
