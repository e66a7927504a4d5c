import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand } from "@aws-sdk/client-rds";
import { startEmulator } from "../../src/emulator/index.js";
import { createInput, harness, suiteTempDir } from "./_harness.js";

const INDEX = new URL("../../src/emulator/index.js", import.meta.url).pathname;

function savedIds(path: string): string[] {
  const state = JSON.parse(readFileSync(path, "utf8"));
  return state.regions.flatMap((r: { instances: Array<[string, unknown]> }) =>
    r.instances.map(([id]) => id),
  );
}

describe("state file writes", () => {
  const tmp = suiteTempDir("rdsctl-emu-writes-");

  it("follows changes within moments, without one full write per change", async () => {
    const statePath = join(tmp.path, "batched.json");
    const h = await harness({ statePath });
    try {
      for (let i = 0; i < 60; i++) {
        await h.rds.send(new CreateDBInstanceCommand(createInput(`db${i}`)));
      }
      await new Promise((r) => setTimeout(r, 300));
      // Written without a close: what a kill at this point would leave.
      assert.equal(savedIds(statePath).length, 60);
    } finally {
      await h.close();
    }
  });

  it("writes what changed when the process exits without closing", () => {
    const statePath = join(tmp.path, "exit.json");
    const script = `
      import { startEmulator } from ${JSON.stringify(INDEX)};
      const emu = await startEmulator({ port: 0, statePath: ${JSON.stringify(statePath)} });
      const body = "Action=CreateDBInstance&DBInstanceIdentifier=at-exit&DBInstanceClass=db.t3.micro&Engine=postgres&AllocatedStorage=20&MasterUsername=appadmin&MasterUserPassword=S3cretPass1";
      const res = await fetch(emu.url, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", authorization: "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=0" } });
      if (res.status !== 200) throw new Error(await res.text());
      process.exit(0);
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(savedIds(statePath), ["at-exit"]);
    assert.ok(!existsSync(`${statePath}.lock`), "the lock goes with the process");
  });

  it("refuses a second emulator on a file in use, and takes over a lock its holder left behind", async () => {
    const statePath = join(tmp.path, "locked.json");
    const first = await startEmulator({ port: 0, statePath });
    await assert.rejects(
      startEmulator({ port: 0, statePath }),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, "StateFileInUse");
        assert.ok(err.message.includes(statePath));
        return true;
      },
    );
    await first.close();
    assert.ok(!existsSync(`${statePath}.lock`));
    // A process that was killed leaves its lock; no process has that id any more.
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    }).stdout;
    writeFileSync(`${statePath}.lock`, gone);
    const second = await startEmulator({ port: 0, statePath });
    assert.equal(readFileSync(`${statePath}.lock`, "utf8"), String(process.pid));
    await second.close();
  });
});
