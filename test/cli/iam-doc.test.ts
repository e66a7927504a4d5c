import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createRdsApi } from "../../src/aws/client.js";
import {
  COMMAND_KIND_USES,
  COMMAND_METHODS,
  RDS_API_ACTIONS,
  type RdsApi,
} from "../../src/aws/rds-api.js";
import { KINDS } from "../../src/kinds/index.js";
import { suiteEmulator } from "../helpers/emulator.js";
import { repoRoot } from "../helpers/repo-root.js";

/**
 * docs/iam.md is derived from the code: every RdsApi method's action and use
 * (RDS_API_ACTIONS), the methods each command reaches (COMMAND_METHODS), and
 * the actions of every kind (ResourceKind.actions) each command reaches
 * through RdsApi.send (COMMAND_KIND_USES).
 * The table itself is checked against the client: every method is in it, and
 * each sends the action it names (the emulator's request log).
 */

type Method = keyof typeof RDS_API_ACTIONS;

/** The actions of every kind a command reaches, with their use as RDS_API_ACTIONS names it. */
function kindActions(command: string): Array<{ action: string; use: string }> {
  const uses = COMMAND_KIND_USES[command] ?? [];
  return KINDS.flatMap((k) =>
    uses.flatMap((use) =>
      k.actions[use].map((action) => ({ action, use: use === "mutating" ? "write" : use })),
    ),
  );
}

function derived(command: string) {
  const methods = COMMAND_METHODS[command] ?? [];
  const actions = [...methods.map((m) => RDS_API_ACTIONS[m]), ...kindActions(command)];
  const of = (use: string) =>
    new Set(actions.filter((a) => a.use === use).map((a) => `rds:${a.action}`));
  const required = of("required");
  const writes = of("write");
  const advisory = new Set([...of("advisory")].filter((a) => !required.has(a)));
  return { required, advisory, writes };
}

const doc = readFileSync(join(repoRoot(), "docs", "iam.md"), "utf8");

/** The section of a command: from its heading to the next heading. */
function section(command: string): string {
  const lines = doc.split("\n");
  const start = lines.findIndex(
    (l) => l.startsWith("### ") && new RegExp(`\`rdsctl ${command}\``).test(l),
  );
  assert.ok(start >= 0, `docs/iam.md has a section naming rdsctl ${command}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith("#"));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

function listed(text: string, label: string): Set<string> {
  const line = text.split("\n").find((l) => l.startsWith(`- ${label}:`));
  assert.ok(line !== undefined, `a "- ${label}:" line`);
  return new Set([...line.matchAll(/`(rds:[A-Za-z]+)`/g)].map((m) => m[1] as string));
}

function policy(heading: string): string[] {
  const at = doc.indexOf(`### ${heading}`);
  assert.ok(at >= 0, heading);
  const block = /```json\n([\s\S]*?)```/.exec(doc.slice(at));
  const parsed = JSON.parse(block?.[1] ?? "{}") as { Statement: Array<{ Action: string[] }> };
  return parsed.Statement.flatMap((s) => s.Action).sort();
}

describe("docs/iam.md is what the code calls", () => {
  for (const command of Object.keys(COMMAND_METHODS)) {
    it(`rdsctl ${command}: required, advisory and writes as the code has them`, () => {
      const text = section(command);
      const want = derived(command);
      assert.deepEqual(listed(text, "Required"), want.required);
      assert.deepEqual(listed(text, "Advisory"), want.advisory);
      assert.deepEqual(listed(text, "Writes"), want.writes);
    });
  }

  it("the two policies: plan only, and plan and apply", () => {
    const all = (command: string) => {
      const d = derived(command);
      return [...new Set([...d.required, ...d.advisory, ...d.writes])].sort();
    };
    assert.deepEqual(policy("Plan only"), all("plan"));
    assert.deepEqual(policy("Plan and apply"), all("apply"));
  });
});

describe("RDS_API_ACTIONS is the client's", () => {
  const t = suiteEmulator();

  it("names every method of the client", () => {
    const api = createRdsApi({ endpointUrl: t.emulator.url, region: "us-east-1" });
    const methods = Object.keys(api)
      .filter((k) => k !== "withCallOptions" && k !== "send")
      .sort();
    assert.deepEqual(methods, Object.keys(RDS_API_ACTIONS).sort());
  });

  it("each method sends the action the table names", async () => {
    const api = t.api;
    const calls: Record<Method, () => Promise<unknown>> = {
      describeInstances: () => api.describeInstances(["nope"]),
      describeAllInstances: () => api.describeAllInstances(),
      describeInstance: () => api.describeInstance("nope"),
      createInstance: () =>
        api.createInstance({ DBInstanceIdentifier: "x", DBInstanceClass: "", Engine: "nope" }),
      createReadReplica: () =>
        api.createReadReplica({ DBInstanceIdentifier: "x", SourceDBInstanceIdentifier: "nope" }),
      promoteReadReplica: () => api.promoteReadReplica({ DBInstanceIdentifier: "nope" }),
      modifyInstance: () => api.modifyInstance({ DBInstanceIdentifier: "nope" }),
      rebootInstance: () => api.rebootInstance("nope"),
      addTags: () => api.addTags("arn:aws:rds:us-east-1:123456789012:db:nope", []),
      removeTags: () => api.removeTags("arn:aws:rds:us-east-1:123456789012:db:nope", ["k"]),
      createSnapshot: () =>
        (api as Required<RdsApi>).createSnapshot({
          DBSnapshotIdentifier: "s",
          DBInstanceIdentifier: "nope",
        }),
      describeSnapshot: () => (api as Required<RdsApi>).describeSnapshot("nope"),
      describeInstanceEvents: () => (api as Required<RdsApi>).describeInstanceEvents(new Date(0)),
      describeOrderable: () => api.describeOrderable("postgres", "db.t3.micro"),
      offersEngine: () => (api as Required<RdsApi>).offersEngine("postgres"),
      describeEngineVersions: () => api.describeEngineVersions("postgres"),
      describeParameterGroups: () => api.describeParameterGroups(["a", "b"]),
      describeOptionGroups: () => api.describeOptionGroups(["a"]),
      describeSubnetGroups: () => api.describeSubnetGroups(["a"]),
    };
    for (const [method, call] of Object.entries(calls) as Array<[Method, () => Promise<unknown>]>) {
      t.emulator.clearRequestLog();
      await call().catch(() => undefined);
      const actions = [...new Set(t.actions())];
      assert.deepEqual(actions, [RDS_API_ACTIONS[method].action], method);
    }
  });

  it("send sends each kind's actions as they are named", async () => {
    const send = (t.api as Required<RdsApi>).send;
    for (const kind of KINDS) {
      for (const action of [...kind.actions.required, ...kind.actions.advisory]) {
        t.emulator.clearRequestLog();
        await send(action, {}).catch(() => undefined);
        assert.deepEqual([...new Set(t.actions())], [action], `${kind.name}: ${action}`);
      }
    }
  });
});
