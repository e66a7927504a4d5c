import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type DBInstance, ModifyDBInstanceCommand } from "@aws-sdk/client-rds";
import fc from "fast-check";
import { suiteHarness } from "./_harness.js";

/** Deferred fields, as (request name, how to read the current value, how to read the pending one). */
const FIELDS = {
  DBInstanceClass: {
    values: ["db.t3.micro", "db.t3.small", "db.m5.large"],
    current: (d: DBInstance) => d.DBInstanceClass,
    pending: (d: DBInstance) => d.PendingModifiedValues?.DBInstanceClass,
  },
  MultiAZ: {
    values: [false, true],
    current: (d: DBInstance) => d.MultiAZ,
    pending: (d: DBInstance) => d.PendingModifiedValues?.MultiAZ,
  },
  CACertificateIdentifier: {
    values: ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"],
    current: (d: DBInstance) => d.CACertificateIdentifier,
    pending: (d: DBInstance) => d.PendingModifiedValues?.CACertificateIdentifier,
  },
} as const;
type Field = keyof typeof FIELDS;
const NAMES = Object.keys(FIELDS) as Field[];

const step = fc.record({
  changes: fc.record(
    {
      DBInstanceClass: fc.constantFrom(...FIELDS.DBInstanceClass.values),
      MultiAZ: fc.boolean(),
      CACertificateIdentifier: fc.constantFrom(...FIELDS.CACertificateIdentifier.values),
    },
    { requiredKeys: [] },
  ),
  applyImmediately: fc.boolean(),
});

describe("deferred modifications: effective value = PendingModifiedValues ?? current", () => {
  const h = suiteHarness();

  it("after any sequence of modifies, each field's effective value is the last one requested", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 5 }), async (steps) => {
        n += 1;
        const id = `pend-${n}`;
        await h.createAvailable(id);
        const describe = () => h.instance(id);
        const effective = (d: DBInstance, f: Field) => FIELDS[f].pending(d) ?? FIELDS[f].current(d);
        const expected = new Map<Field, unknown>();
        const initial = await describe();
        for (const f of NAMES) expected.set(f, effective(initial, f));

        for (const s of steps) {
          const before = await describe();
          const hasPending = before.PendingModifiedValues !== undefined;
          const changes = Object.fromEntries(Object.entries(s.changes)) as Partial<
            Record<Field, unknown>
          >;
          const changesSomething =
            NAMES.some((f) => f in changes && changes[f] !== effective(before, f)) ||
            NAMES.some(
              (f) =>
                f in changes &&
                changes[f] === FIELDS[f].current(before) &&
                FIELDS[f].pending(before) !== undefined,
            ) ||
            (s.applyImmediately && hasPending);
          const call = h.rds.send(
            new ModifyDBInstanceCommand({
              DBInstanceIdentifier: id,
              ApplyImmediately: s.applyImmediately,
              ...s.changes,
            }),
          );
          if (!changesSomething) {
            await assert.rejects(call, /No modifications were requested/);
            continue;
          }
          await call;
          for (const f of NAMES) if (f in changes) expected.set(f, changes[f]);
          const after = await describe();
          for (const f of NAMES)
            assert.equal(effective(after, f), expected.get(f), `${f} right after the modify`);
          h.emu.advance(3500);
          const settled = await describe();
          assert.equal(settled.DBInstanceStatus, "available");
          for (const f of NAMES)
            assert.equal(effective(settled, f), expected.get(f), `${f} once settled`);
          if (s.applyImmediately) assert.equal(settled.PendingModifiedValues, undefined);
        }
        h.emu.runMaintenanceWindow();
        const done = await describe();
        assert.equal(done.PendingModifiedValues, undefined);
        for (const f of NAMES)
          assert.equal(FIELDS[f].current(done), expected.get(f), `${f} after maintenance`);
      }),
      { numRuns: 40, seed: 4242 },
    );
  });
});
