import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand, type ModifyDBInstanceCommandInput } from "@aws-sdk/client-rds";
import { createInput, instancePerTest, rejectsWith, suiteHarness } from "./_harness.js";

const DIR = "d-0123456789";
const OTHER = "d-abcdef0123";
const ROLE = "rds-directoryservice-access";

describe("Domain (Kerberos through AWS Managed Microsoft AD)", () => {
  const h = suiteHarness();
  const fresh = instancePerTest(h, "ad");
  const get = (name = fresh.id) => h.instance(name);
  const modify = (input: Partial<ModifyDBInstanceCommandInput>) => h.modify(fresh.id, input);

  it("create joins the directory and reports the membership; none by default", async () => {
    assert.deepEqual((await get()).DomainMemberships, []);
    await h.rds.send(
      new CreateDBInstanceCommand(
        createInput(`${fresh.id}-ad`, { Domain: DIR, DomainIAMRoleName: ROLE }),
      ),
    );
    assert.deepEqual((await get(`${fresh.id}-ad`)).DomainMemberships, [
      { Domain: DIR, Status: "joined", IAMRoleName: ROLE },
    ]);
  });

  it("create refuses a domain without a role, a role without a domain, a bad id, and MariaDB", async () => {
    const create = (extra: Record<string, unknown>) =>
      h.rds.send(new CreateDBInstanceCommand(createInput(`${fresh.id}-x`, extra) as never));
    await rejectsWith(create({ Domain: DIR }), "InvalidParameterCombination", 400);
    await rejectsWith(create({ DomainIAMRoleName: ROLE }), "InvalidParameterCombination", 400);
    await rejectsWith(
      create({ Domain: "corp", DomainIAMRoleName: ROLE }),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      create({
        Engine: "mariadb",
        EngineVersion: "11.4",
        Domain: DIR,
        DomainIAMRoleName: ROLE,
      }),
      "InvalidParameterCombination",
      400,
    );
  });

  it("joining waits for the window (pending-maintenance-join), then is joined", async () => {
    const out = (await modify({ Domain: DIR, DomainIAMRoleName: ROLE })).DBInstance!;
    assert.deepEqual(out.DomainMemberships, [
      { Domain: DIR, Status: "pending-maintenance-join", IAMRoleName: ROLE },
    ]);
    assert.equal(out.DBInstanceStatus, "available");
    h.emu.runMaintenanceWindow();
    assert.deepEqual((await get()).DomainMemberships, [
      { Domain: DIR, Status: "joined", IAMRoleName: ROLE },
    ]);
  });

  it("moving with ApplyImmediately shows both directories until the modification completes", async () => {
    await modify({ Domain: DIR, DomainIAMRoleName: ROLE, ApplyImmediately: true });
    h.emu.advance(10_000);
    const out = (await modify({ Domain: OTHER, ApplyImmediately: true })).DBInstance!;
    assert.deepEqual(out.DomainMemberships, [
      { Domain: DIR, Status: "pending-removal", IAMRoleName: ROLE },
      { Domain: OTHER, Status: "pending-join", IAMRoleName: ROLE },
    ]);
    h.emu.advance(10_000);
    assert.deepEqual((await get()).DomainMemberships, [
      { Domain: OTHER, Status: "joined", IAMRoleName: ROLE },
    ]);
  });

  it("Domain=none or DisableDomain leaves the directory; both with another domain is refused", async () => {
    await modify({ Domain: DIR, DomainIAMRoleName: ROLE, ApplyImmediately: true });
    h.emu.advance(10_000);
    await rejectsWith(
      modify({ Domain: OTHER, DisableDomain: true }),
      "InvalidParameterCombination",
      400,
    );
    const out = (await modify({ DisableDomain: true })).DBInstance!;
    assert.deepEqual(out.DomainMemberships, [
      { Domain: DIR, Status: "pending-maintenance-removal", IAMRoleName: ROLE },
    ]);
    // Asking for the joined directory again cancels the queued removal.
    const back = (await modify({ Domain: DIR })).DBInstance!;
    assert.deepEqual(back.DomainMemberships, [
      { Domain: DIR, Status: "joined", IAMRoleName: ROLE },
    ]);
    await modify({ Domain: "none", ApplyImmediately: true });
    h.emu.advance(10_000);
    assert.deepEqual((await get()).DomainMemberships, []);
  });
});
