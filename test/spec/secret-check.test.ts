import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checkSecretAvailable } from "../../src/spec/secret-check.js";

describe("checkSecretAvailable for { file }", () => {
  const dir = mkdtempSync(join(tmpdir(), "rdsctl-secret-check-"));
  const file = (path: string) => checkSecretAvailable({ kind: "file", path });

  it("refuses a file over 4 KiB without reading it", async () => {
    const big = join(dir, "big");
    writeFileSync(big, "x".repeat(4097));
    assert.match((await file(big)) ?? "", /is 4097 bytes, over the 4096-byte limit/);
    const edge = join(dir, "edge");
    writeFileSync(edge, "x".repeat(4096));
    assert.equal(await file(edge), undefined);
  });

  it("follows links (as a Kubernetes secret mount has), and judges what they lead to", async () => {
    const real = join(dir, "real");
    writeFileSync(real, "S3cretPass1\n");
    const link = join(dir, "link");
    symlinkSync(real, link);
    assert.equal(await file(link), undefined);
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const toFifo = join(dir, "to-fifo");
    symlinkSync(fifo, toFifo);
    assert.match((await file(toFifo)) ?? "", /is not a regular file/);
    const toBig = join(dir, "to-big");
    writeFileSync(join(dir, "big2"), "x".repeat(10_000));
    symlinkSync(join(dir, "big2"), toBig);
    assert.match((await file(toBig)) ?? "", /over the 4096-byte limit/);
  });
});
