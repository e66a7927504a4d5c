import assert from "node:assert/strict";
import { test } from "node:test";
import { createRdsApi } from "../../src/aws/client.js";
import {
  instanceSpec,
  MUTATING_ACTIONS,
  runCli,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

/* plan --drift: what differs on a live instance beyond the declared fields. */

interface DriftDoc {
  instances: Array<{ id: string; action: string }>;
  drift?: Array<{ id: string; fields: Record<string, unknown> }>;
}

test("DeletionProtection turned on outside rdsctl shows in plan --drift, not in plan; exit codes", () =>
  withEmulator({ seed: 7, timeScale: 0 }, async (emulator) => {
    const dir = tempDir("rdsctl-drift-");
    const url = ["--endpoint-url", emulator.url];
    const file = writeSpec(dir, "rdsctl.yaml", instanceSpec("drift-db"));
    const created = await runCli(["apply", file, "--yes", ...url]);
    assert.equal(created.code, 0, created.stderr);
    const api = createRdsApi({ endpointUrl: emulator.url, region: "us-east-1" });
    await api.modifyInstance({
      DBInstanceIdentifier: "drift-db",
      DeletionProtection: true,
      ApplyImmediately: true,
    });
    emulator.clearRequestLog();

    const plain = await runCli(["plan", file, "--detailed-exitcode", ...url]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stdout, "No changes. 1 instance matches the spec.\n");

    const drift = await runCli(["plan", file, "--drift", "--detailed-exitcode", ...url]);
    assert.equal(drift.code, 0, "drift alone does not change --detailed-exitcode");
    assert.match(drift.stdout, /^No changes\. 1 instance matches the spec\.\n\nDrift: /);
    assert.match(drift.stdout, /^ {2}drift-db\n(?: {4}.+\n)* {4}DeletionProtection: true\n/m);
    // Declared fields are never drift.
    assert.doesNotMatch(drift.stdout, /^ {4}(AllocatedStorage|DBInstanceClass|Engine):/m);

    const json = await runCli(["plan", file, "--drift", "--json", ...url]);
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as DriftDoc;
    assert.equal(doc.instances[0]?.action, "noop");
    assert.equal(doc.drift?.[0]?.id, "drift-db");
    assert.equal(doc.drift?.[0]?.fields.DeletionProtection, true);
    assert.equal(doc.drift?.[0]?.fields.AllocatedStorage, undefined);
    const withoutDrift = JSON.parse((await runCli(["plan", file, "--json", ...url])).stdout);
    assert.equal(withoutDrift.drift, undefined);

    const exit = await runCli(["plan", file, "--drift-exit", ...url]);
    assert.equal(exit.code, 2, exit.stderr);
    assert.match(exit.stdout, /DeletionProtection: true/);

    // Declaring it ends the drift of that field; nothing was ever sent.
    writeSpec(dir, "rdsctl.yaml", instanceSpec("drift-db", { DeletionProtection: true }));
    const declared = await runCli(["plan", file, "--drift", "--json", ...url]);
    const after = JSON.parse(declared.stdout) as DriftDoc;
    assert.equal(after.instances[0]?.action, "noop");
    assert.equal(after.drift?.[0]?.fields.DeletionProtection, undefined);
    const sent = emulator.requestLog().filter((e) => MUTATING_ACTIONS.has(e.action));
    assert.deepEqual(sent, []);
  }));
