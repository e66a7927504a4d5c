import assert from "node:assert/strict";
import { test } from "node:test";
import { planToJson } from "../../src/render/plan-json.js";
import { planHasChanges, renderPlanText, summaryLine } from "../../src/render/plan-text.js";
import { mixedPlan, noopPlan } from "./fixtures.js";

const ESC = "\u001b[";

test("summary line reads exactly like the contract", () => {
  assert.equal(
    summaryLine({ create: 1, modify: 2, noop: 5, blocked: 1 }),
    "1 to create, 2 to modify, 5 unchanged, 1 blocked",
  );
});

test("plain text plan: glyphs, from -> to with timing and downtime, blocked reason, notices, summary", () => {
  const text = renderPlanText(mixedPlan(), { color: false });
  assert.equal(text.includes(ESC), false);
  const lines = text.split("\n");
  assert.ok(
    lines.some((l) => /^\+ orders-db will be created\s+rdsctl\.yaml:3$/.test(l)),
    text,
  );
  assert.ok(lines.includes("    Engine: postgres"), text);
  assert.ok(lines.includes("    MasterUserPassword: (sensitive)"), text);
  assert.ok(
    lines.some((l) => l.startsWith("~ reports-db will be modified")),
    text,
  );
  assert.ok(lines.includes("    AllocatedStorage: 20 -> 30  (maintenance-window)"), text);
  assert.ok(
    lines.includes("    DBInstanceClass: db.t3.micro -> db.t3.large  (immediate, causes downtime)"),
    text,
  );
  assert.ok(lines.includes("    Tags.team: (none) -> orders  (immediate)"), text);
  assert.ok(lines.includes("    note: parameter group reports-pg is pending-reboot"), text);
  assert.ok(
    lines.some((l) => l.startsWith("! legacy-db is blocked")),
    text,
  );
  assert.ok(lines.includes("    Engine: postgres -> mysql  (blocked: immutable)"), text);
  assert.ok(
    lines.some((l) => l.includes("Restore from a snapshot into a new instance")),
    text,
  );
  assert.equal(
    text.includes("quiet-db"),
    false,
    "an unchanged instance without notices is not listed",
  );
  assert.equal(
    lines.at(-2),
    "1 to create, 1 to modify (1 of them restart now), 1 unchanged, 1 blocked",
  );
  assert.ok(text.endsWith("\n"));
});

test("a secret reference never shows its variable name or path", () => {
  const text = renderPlanText(mixedPlan(), { color: false });
  assert.equal(text.includes("ORDERS_DB_PASSWORD"), false);
});

test("colour only when asked: escape codes around glyphs", () => {
  const coloured = renderPlanText(mixedPlan(), { color: true });
  assert.ok(coloured.includes(`${ESC}32m+${ESC}39m`), coloured);
  assert.ok(coloured.includes(`${ESC}31m!${ESC}39m`), coloured);
  const stripped = coloured.replace(/\u001b\[\d+m/g, "");
  assert.equal(stripped, renderPlanText(mixedPlan(), { color: false }));
});

test("nothing to change says No changes", () => {
  const plan = noopPlan(5);
  assert.equal(planHasChanges(plan), false);
  assert.equal(renderPlanText(plan, { color: false }), "No changes. 5 instances match the spec.\n");
  assert.equal(
    renderPlanText(noopPlan(1), { color: false }),
    "No changes. 1 instance matches the spec.\n",
  );
});

test("an unchanged instance with a notice shows the notice", () => {
  const plan = noopPlan(1);
  plan.instances[0]?.notices.push({ message: "EngineVersion 16.4 is newer than 16.3; kept" });
  const text = renderPlanText(plan, { color: false });
  assert.match(text, /db-0 unchanged\n {4}note: EngineVersion 16\.4 is newer than 16\.3; kept\n/);
  assert.match(text, /No changes\./);
});

test("blocked alone is not 'No changes'", () => {
  const plan = mixedPlan();
  plan.instances = plan.instances.filter((i) => i.action === "blocked");
  plan.summary = { create: 0, modify: 0, noop: 0, blocked: 1 };
  const text = renderPlanText(plan, { color: false });
  assert.equal(text.includes("No changes"), false);
  assert.match(text, /0 to create, 0 to modify, 0 unchanged, 1 blocked\n$/);
});

test("a blocked sensitive field reads (sensitive) on both sides in text, as in JSON, even when a value is missing", () => {
  const plan = mixedPlan();
  const legacy = plan.instances.find((i) => i.action === "blocked");
  assert.ok(legacy);
  legacy.blocked.push({
    field: "MasterUserPassword",
    from: undefined,
    to: undefined,
    kind: "refused",
    reason: "legacy-db: ManageMasterUserPassword cannot be turned off without a MasterUserPassword",
    sensitive: true,
  });
  const text = renderPlanText(plan, { color: false });
  assert.ok(
    text
      .split("\n")
      .includes("    MasterUserPassword: (sensitive) -> (sensitive)  (blocked: refused)"),
    text,
  );
  assert.doesNotMatch(text, /MasterUserPassword: \(none\)/);
  const json = planToJson(plan);
  const blocked = json.instances.find((i) => i.id === "legacy-db")?.blocked.at(-1);
  assert.equal(blocked?.from, "(sensitive)");
  assert.equal(blocked?.to, "(sensitive)");
});
