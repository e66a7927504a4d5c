import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type CliRun,
  closedPort,
  instanceSpec,
  runCli,
  startCli,
  tempDir,
  writeSpec,
} from "../cli/harness.js";
import { silentServer, type TcpServer } from "../helpers/silent-server.js";

/**
 * The built CLI, with credentials set (the harness's fake keys), against
 * endpoints that give no answer: each command ends fast, naming the endpoint,
 * with no advice to check a region that is right; with the spec's
 * assumeRoleArn too.
 */

const ROLE = "arn:aws:iam::123456789012:role/deployer";
const UNRESOLVABLE = "http://rdsctl-no-such-host.invalid:4566";

interface Command {
  name: string;
  args(spec: string, endpoint: string): string[];
}

let dir: string;
let plainSpec: string;
let roleSpec: string;

const COMMANDS: Command[] = [
  { name: "plan", args: (spec, url) => ["plan", spec, "--endpoint-url", url] },
  { name: "apply", args: (spec, url) => ["apply", spec, "--endpoint-url", url] },
  {
    name: "show",
    args: (spec, url) => ["show", spec, "--endpoint-url", url],
  },
  {
    name: "export",
    args: (_spec, url) => ["export", "--endpoint-url", url, "--region", "us-east-1"],
  },
];

/** Each command, and plan and apply with the spec's role as well. */
function cases(): { label: string; args: (url: string) => string[] }[] {
  const out: { label: string; args: (url: string) => string[] }[] = [];
  for (const c of COMMANDS) {
    out.push({ label: c.name, args: (url) => c.args(plainSpec, url) });
    if (c.name === "plan" || c.name === "apply") {
      out.push({ label: `${c.name} with assumeRoleArn`, args: (url) => c.args(roleSpec, url) });
    }
  }
  return out;
}

async function timed(args: string[], env: Record<string, string> = {}) {
  const started = Date.now();
  const run: CliRun = await runCli(args, { cwd: dir, env, timeoutMs: 30_000 });
  return { run, took: Date.now() - started };
}

describe("the CLI fails fast against an endpoint that gives no answer", () => {
  let silent: TcpServer;
  before(async () => {
    dir = tempDir("rdsctl-fail-fast-");
    plainSpec = writeSpec(dir, "plain.yaml", instanceSpec("orders-db"));
    roleSpec = writeSpec(dir, "role.yaml", `assumeRoleArn: ${ROLE}\n${instanceSpec("orders-db")}`);
    silent = await silentServer();
  });
  after(async () => {
    await silent.close();
  });

  it("a name that does not resolve: every command ends in under 3 s, naming the endpoint", async () => {
    for (const c of cases()) {
      const { run, took } = await timed(c.args(UNRESOLVABLE));
      assert.equal(run.code, 1, `${c.label}: ${run.stderr}`);
      assert.match(
        run.stderr,
        /failed: cannot resolve the endpoint http:\/\/rdsctl-no-such-host\.invalid:4566 \(region us-east-1\): (ENOTFOUND|EAI_AGAIN); check the host name of --endpoint-url/,
        c.label,
      );
      assert.doesNotMatch(run.stderr, /region name|retrying/, c.label);
      if (c.label.includes("assumeRoleArn")) assert.match(run.stderr, /AssumeRole failed/);
      assert.ok(took < 3000, `${c.label}: ended after ${took} ms`);
    }
  });

  it("a refused connection: every command ends in under 3 s, naming the endpoint", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    for (const c of cases()) {
      const { run, took } = await timed(c.args(url));
      assert.equal(run.code, 1, `${c.label}: ${run.stderr}`);
      assert.ok(run.stderr.includes(`nothing is listening at ${url}`), `${c.label}: ${run.stderr}`);
      assert.ok(took < 3000, `${c.label}: ended after ${took} ms`);
    }
  });

  it("an endpoint that accepts and never answers: every command ends within the response timeout", async () => {
    for (const c of cases()) {
      const { run, took } = await timed([...c.args(silent.url), "--response-timeout", "1"]);
      assert.equal(run.code, 1, `${c.label}: ${run.stderr}`);
      assert.ok(
        run.stderr.includes(
          `no answer from the endpoint ${silent.url} (region us-east-1) within 1s (the response timeout)`,
        ),
        `${c.label}: ${run.stderr}`,
      );
      // One response timeout, whatever the number of clients (STS, then RDS).
      assert.equal(run.stderr.match(/no answer from/g)?.length, 1, run.stderr);
      assert.ok(took < 1000 + 3000, `${c.label}: ended after ${took} ms`);
    }
  });

  it("RDSCTL_RESPONSE_TIMEOUT sets the response timeout of the CLI", async () => {
    const { run, took } = await timed(["plan", roleSpec, "--endpoint-url", silent.url], {
      RDSCTL_RESPONSE_TIMEOUT: "1",
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /AssumeRole failed: no answer from the endpoint .* within 1s/);
    assert.ok(took < 1000 + 3000, `ended after ${took} ms`);
  });

  it("SIGINT stops a plan waiting on a silent endpoint at once", async () => {
    const before = silent.connections();
    const cli = startCli(["plan", plainSpec, "--endpoint-url", silent.url], {
      cwd: dir,
      timeoutMs: 30_000,
    });
    // Wait until the request is on the wire (the probe and the call are two connections).
    const deadline = Date.now() + 10_000;
    while (silent.connections() < before + 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const signalled = Date.now();
    cli.child.kill("SIGINT");
    const run = await cli.done;
    const took = Date.now() - signalled;
    assert.equal(silent.connections() >= before + 2, true, "the call was waiting when signalled");
    assert.notEqual(run.code, 0);
    assert.ok(took < 1500, `ended ${took} ms after SIGINT`);
  });
});
