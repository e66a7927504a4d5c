import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateDBInstanceReadReplicaCommand,
  DeleteDBInstanceCommand,
  ModifyDBInstanceCommand,
} from "@aws-sdk/client-rds";
import { CREATE_MS, rejectsWith, suiteHarness } from "../_harness.js";

/*
 * DeleteDBInstance, rule by rule, each test titled with the AWS documentation
 * it comes from. Also covered elsewhere: deleting -> gone (lifecycle.test.ts),
 * refused while creating (errors.test.ts), failed and incompatible-* statuses
 * (injected-status.test.ts), replicas promoted when their source goes
 * (resources.test.ts).
 */
describe("DeleteDBInstance conformance", () => {
  const h = suiteHarness();
  const del = (input: Record<string, unknown>) =>
    h.rds.send(new DeleteDBInstanceCommand(input as never));

  it("DeleteDBInstance API reference, DeletionProtection; SkipFinalSnapshot: a protected instance is refused; a delete needs SkipFinalSnapshot or a final snapshot id", async () => {
    await h.createAvailable("taken");
    await h.rds.send(
      new ModifyDBInstanceCommand({ DBInstanceIdentifier: "taken", DeletionProtection: true }),
    );
    h.emu.advance(3500);
    const e = await rejectsWith(
      del({ DBInstanceIdentifier: "taken", SkipFinalSnapshot: true }),
      "InvalidParameterCombination",
      400,
    );
    assert.match(e.message, /deletion protection/);
    await h.rds.send(
      new ModifyDBInstanceCommand({ DBInstanceIdentifier: "taken", DeletionProtection: false }),
    );
    h.emu.advance(3500);
    await rejectsWith(del({ DBInstanceIdentifier: "taken" }), "InvalidParameterCombination", 400);
  });

  it("DeleteDBInstance API reference, FinalDBSnapshotIdentifier: can't be specified when deleting a read replica (InvalidParameterCombination)", async () => {
    await h.createAvailable("src");
    await h.rds.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: "rep",
        SourceDBInstanceIdentifier: "src",
      }),
    );
    h.emu.advance(CREATE_MS);
    const e = await rejectsWith(
      del({ DBInstanceIdentifier: "rep", FinalDBSnapshotIdentifier: "rep-final" }),
      "InvalidParameterCombination",
      400,
    );
    assert.equal(
      e.message,
      "FinalDBSnapshotIdentifier can not be specified when deleting a replica instance",
    );
    // SkipFinalSnapshot=false is the default; a replica asks for true.
    await rejectsWith(
      del({ DBInstanceIdentifier: "rep", SkipFinalSnapshot: false }),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(del({ DBInstanceIdentifier: "rep" }), "InvalidParameterCombination", 400);
    assert.equal((await h.instance("rep")).DBInstanceStatus, "available");
  });

  it("DeleteDBInstance API reference, SkipFinalSnapshot: specify true when deleting a read replica", async () => {
    const out = await del({ DBInstanceIdentifier: "rep", SkipFinalSnapshot: true });
    assert.equal(out.DBInstance?.DBInstanceStatus, "deleting");
    // The source may still keep a final snapshot.
    const src = await del({ DBInstanceIdentifier: "src", FinalDBSnapshotIdentifier: "src-final" });
    assert.equal(src.DBInstance?.DBInstanceStatus, "deleting");
  });
});
