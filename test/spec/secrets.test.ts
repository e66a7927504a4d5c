import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SecretUnavailableError, SpecInvalidError } from "../../src/errors.js";
import { loadSpec } from "../../src/spec/load.js";
import { parseSpecText } from "../../src/spec/parse.js";
import {
  MAX_SECRET_BYTES,
  onSecretResolved,
  resolveSecret,
  secretProblem,
} from "../../src/spec/secrets.js";
import { invalid, oneInstance, only, valid } from "./_helpers.js";

const PASSWORD = "Sup3rS3cretValue!";

describe("MasterUserPassword in the spec", () => {
  it("reads { env: NAME }", () => {
    const inst = only(valid(oneInstance("MasterUserPassword: { env: DB_PW }")));
    assert.deepEqual(inst.fields.MasterUserPassword, { kind: "env", name: "DB_PW" });
  });

  it("reads { file: PATH } relative to the spec file's directory", () => {
    const inst = only(
      valid(oneInstance("MasterUserPassword: { file: secrets/pw.txt }"), "/srv/specs/db.yaml"),
    );
    assert.deepEqual(inst.fields.MasterUserPassword, {
      kind: "file",
      path: "/srv/specs/secrets/pw.txt",
    });
  });

  it("keeps an absolute { file: PATH } as it is", () => {
    const inst = only(valid(oneInstance("MasterUserPassword: { file: /run/secrets/pw }")));
    assert.deepEqual(inst.fields.MasterUserPassword, { kind: "file", path: "/run/secrets/pw" });
  });

  it("accepts a literal with a warning that names no value", () => {
    const spec = valid(oneInstance(`MasterUserPassword: ${PASSWORD}`));
    assert.deepEqual(only(spec).fields.MasterUserPassword, { kind: "literal", value: PASSWORD });
    assert.equal(spec.warnings.length, 1);
    const w = spec.warnings[0]!;
    assert.deepEqual(w.location, { file: "/specs/rdsctl.yaml", line: 3, column: 25 });
    assert.match(w.message, /plaintext/);
    assert.match(w.message, /\{ env: NAME \}/);
    assert.match(w.message, /ManageMasterUserPassword/);
    assert.ok(!w.message.includes(PASSWORD));
  });

  it("accepts ManageMasterUserPassword: true on its own", () => {
    const inst = only(valid(oneInstance("ManageMasterUserPassword: true")));
    assert.equal(inst.fields.ManageMasterUserPassword, true);
    assert.equal(inst.fields.MasterUserPassword, undefined);
  });

  const rejected: Array<[string, string, string]> = [
    [
      "an unknown reference kind",
      "MasterUserPassword: { environment: PW }",
      "environment: unknown key; did you mean env?",
    ],
    [
      "two reference kinds",
      "MasterUserPassword: { env: PW, file: x }",
      "expected exactly one of { env: NAME } or { file: PATH }",
    ],
    ["an empty variable name", 'MasterUserPassword: { env: "" }', "expected a non-empty string"],
    [
      "a boolean",
      "MasterUserPassword: true",
      "expected { env: NAME }, { file: PATH } or a string, got a boolean",
    ],
    ["a short literal", "MasterUserPassword: abc", "shorter than the 8 characters RDS requires"],
    ["a literal with @", "MasterUserPassword: abc@defghij", 'may not contain /, " or @'],
    [
      "a literal with a space",
      'MasterUserPassword: "abc defghij"',
      "printable ASCII characters without spaces",
    ],
  ];
  for (const [name, yaml, message] of rejected) {
    it(`rejects ${name}`, () => {
      const problems = invalid(oneInstance(yaml));
      assert.equal(problems.length, 1);
      assert.ok(problems[0]!.message.includes(message), problems[0]!.message);
    });
  }
});

describe("a literal password never appears in a problem", () => {
  const cases: Array<[string, string]> = [
    [
      "next to unknown fields and conflicts",
      `MasterUserPassword: ${PASSWORD}\nManageMasterUserPassword: true\nPasword: ${PASSWORD}`,
    ],
    ["in a syntax error's neighbourhood", `MasterUserPassword: ${PASSWORD}\nEngine: [postgres`],
    ["declared twice", `MasterUserPassword: ${PASSWORD}\nMasterUserPassword: ${PASSWORD}`],
    ["too short to be valid", "MasterUserPassword: Sh0rt!"],
    ["with a forbidden character", "MasterUserPassword: Sup3r@S3cret"],
    ["in a sensitive string field", "TdeCredentialPassword: [Sup3rS3cretValue!]"],
  ];
  for (const [name, yaml] of cases) {
    it(name, () => {
      const r = parseSpecText(oneInstance(yaml), "/specs/rdsctl.yaml");
      assert.equal(r.ok, false);
      if (r.ok) return;
      const everything = JSON.stringify(r.problems) + JSON.stringify(r.warnings);
      const error = new SpecInvalidError(r.problems).message;
      for (const secret of [PASSWORD, "Sh0rt!", "Sup3r@S3cret"]) {
        assert.ok(!everything.includes(secret), `leaked in problems: ${everything}`);
        assert.ok(!error.includes(secret), `leaked in the error: ${error}`);
      }
    });
  }
});

describe("resolveSecret", () => {
  let dir = "";
  const VAR = "RDSCTL_TEST_SECRET_PW";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "rdsctl-secrets-"));
  });
  after(async () => {
    delete process.env[VAR];
    await rm(dir, { recursive: true, force: true });
  });

  it("reads an environment variable", async () => {
    process.env[VAR] = PASSWORD;
    assert.equal(await resolveSecret({ kind: "env", name: VAR }), PASSWORD);
  });

  it("names an unset or empty variable, never a value", async () => {
    for (const value of [undefined, ""]) {
      if (value === undefined) delete process.env[VAR];
      else process.env[VAR] = value;
      await assert.rejects(resolveSecret({ kind: "env", name: VAR }), (e: unknown) => {
        assert.ok(e instanceof SecretUnavailableError);
        assert.equal(e.code, "SECRET_UNAVAILABLE");
        assert.match(e.message, new RegExp(VAR));
        return true;
      });
    }
  });

  it("reads a file, trimming one trailing newline (LF or CRLF)", async () => {
    const cases: Array<[string, string]> = [
      [`${PASSWORD}\n`, PASSWORD],
      [`${PASSWORD}\r\n`, PASSWORD],
      [PASSWORD, PASSWORD],
      [` ${PASSWORD} \n`, ` ${PASSWORD} `],
    ];
    for (const [i, [content, expected]] of cases.entries()) {
      const path = join(dir, `pw${i}`);
      await writeFile(path, content);
      assert.equal(await resolveSecret({ kind: "file", path }), expected);
    }
  });

  it("names a missing or empty file, never a value", async () => {
    const empty = join(dir, "empty");
    await writeFile(empty, "\n");
    for (const path of [join(dir, "missing"), empty]) {
      await assert.rejects(resolveSecret({ kind: "file", path }), (e: unknown) => {
        assert.ok(e instanceof SecretUnavailableError);
        assert.ok(e.message.includes(path), e.message);
        return true;
      });
    }
  });

  it("returns a literal as it is", async () => {
    assert.equal(await resolveSecret({ kind: "literal", value: PASSWORD }), PASSWORD);
  });

  it("resolves a { file } reference from a loaded spec, relative to the spec", async () => {
    await writeFile(join(dir, "db-password"), `${PASSWORD}\n`);
    const specPath = join(dir, "rdsctl.yaml");
    await writeFile(specPath, oneInstance("MasterUserPassword: { file: db-password }"));
    const spec = await loadSpec([specPath]);
    const ref = only(spec).fields.MasterUserPassword;
    assert.deepEqual(ref, { kind: "file", path: join(dir, "db-password") });
    assert.equal(await resolveSecret(ref as { kind: "file"; path: string }), PASSWORD);
  });

  it("does not read secrets while loading: a missing env var is not a load problem", async () => {
    delete process.env[VAR];
    const specPath = join(dir, "env.yaml");
    await writeFile(specPath, oneInstance(`MasterUserPassword: { env: ${VAR} }`));
    const spec = await loadSpec([specPath]);
    assert.deepEqual(only(spec).fields.MasterUserPassword, { kind: "env", name: VAR });
  });
});

describe("resolveSecret reads only regular files, capped, without blocking", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "rdsctl-secret-files-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const refused = async (path: string, pattern: RegExp): Promise<void> => {
    const started = Date.now();
    await assert.rejects(resolveSecret({ kind: "file", path }), (e: unknown) => {
      assert.ok(e instanceof SecretUnavailableError, String(e));
      assert.match(e.message, pattern);
      assert.ok(e.message.includes(path), e.message);
      return true;
    });
    assert.ok(Date.now() - started < 2000, "refused at once");
    assert.equal(await secretProblem({ kind: "file", path }).then((m) => m !== undefined), true);
  };

  it("refuses a FIFO without waiting for a writer", async () => {
    const fifo = join(dir, "pw.fifo");
    execFileSync("mkfifo", [fifo]);
    await refused(fifo, /is a FIFO \(named pipe\); a \{ file \} secret must be a regular file/);
  });

  it("refuses a directory and a device such as /dev/zero", async () => {
    await refused(dir, /is a directory/);
    await refused("/dev/zero", /is a device/);
  });

  it(`refuses a file over ${MAX_SECRET_BYTES} bytes, and one that is not UTF-8, never showing content`, async () => {
    const big = join(dir, "big");
    await writeFile(big, "x".repeat(MAX_SECRET_BYTES + 1));
    await refused(big, new RegExp(`over the ${MAX_SECRET_BYTES}-byte limit`));
    const latin1 = join(dir, "latin1");
    await writeFile(latin1, Buffer.from([0x70, 0x61, 0x73, 0x73, 0xe9, 0x31, 0x32, 0x33]));
    await assert.rejects(resolveSecret({ kind: "file", path: latin1 }), /is not valid UTF-8/);
    const atLimit = join(dir, "at-limit");
    await writeFile(atLimit, "y".repeat(MAX_SECRET_BYTES));
    assert.equal((await resolveSecret({ kind: "file", path: atLimit })).length, MAX_SECRET_BYTES);
  });

  it("secretProblem checks availability without reading; listeners see each value read", async () => {
    const path = join(dir, "ok");
    await writeFile(path, `${PASSWORD}\n`);
    assert.equal(await secretProblem({ kind: "file", path }), undefined);
    assert.match(
      (await secretProblem({ kind: "env", name: "RDSCTL_TEST_UNSET_VARIABLE" })) ?? "",
      /RDSCTL_TEST_UNSET_VARIABLE .* not set/,
    );
    const seen: string[] = [];
    const stop = onSecretResolved((v) => seen.push(v));
    try {
      assert.equal(await resolveSecret({ kind: "file", path }), PASSWORD);
    } finally {
      stop();
    }
    await resolveSecret({ kind: "literal", value: "not-seen-after-stop" });
    assert.deepEqual(seen, [PASSWORD]);
  });

  it("loading a spec whose { file } secret is a FIFO neither blocks nor fails", async () => {
    const fifo = join(dir, "spec.fifo");
    execFileSync("mkfifo", [fifo]);
    const specPath = join(dir, "fifo.yaml");
    await writeFile(specPath, oneInstance("MasterUserPassword: { file: spec.fifo }"));
    const spec = await loadSpec([specPath]);
    assert.deepEqual(only(spec).fields.MasterUserPassword, { kind: "file", path: fifo });
  });
});
