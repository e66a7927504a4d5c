import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RebootDBInstanceCommand, StopDBInstanceCommand } from "@aws-sdk/client-rds";
import { rejectsWith, suiteHarness } from "../_harness.js";

/*
 * RebootDBInstance, rule by rule, each test titled with the AWS documentation
 * it comes from. Also covered elsewhere: rebooting -> available
 * (lifecycle.test.ts), pending-reboot parameter groups becoming in-sync
 * (modify.test.ts), incompatible-parameters (injected-status.test.ts).
 */
describe("RebootDBInstance conformance", () => {
  const h = suiteHarness();
  const reboot = (input: Record<string, unknown>) =>
    h.rds.send(new RebootDBInstanceCommand(input as never));

  it("RebootDBInstance API reference, ForceFailover: only for a Multi-AZ instance", async () => {
    await h.createAvailable("single");
    await rejectsWith(
      reboot({ DBInstanceIdentifier: "single", ForceFailover: true }),
      "InvalidParameterCombination",
      400,
    );
    await h.createAvailable("multi", { MultiAZ: true });
    const out = await reboot({ DBInstanceIdentifier: "multi", ForceFailover: true });
    assert.equal(out.DBInstance?.DBInstanceStatus, "rebooting");
  });

  it("RebootDBInstance API reference: the instance must be available (InvalidDBInstanceState)", async () => {
    await h.rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "single" }));
    await rejectsWith(reboot({ DBInstanceIdentifier: "single" }), "InvalidDBInstanceState", 400);
    h.emu.advance(2000);
    await rejectsWith(reboot({ DBInstanceIdentifier: "single" }), "InvalidDBInstanceState", 400);
  });
});
