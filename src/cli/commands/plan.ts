import { resolve } from "node:path";
import { ChangeBlockedError, UsageError } from "../../errors.js";
import type { Plan } from "../../plan/types.js";
import { planToJson } from "../../render/plan-json.js";
import { planHasBlocked, planHasChanges, renderPlanText } from "../../render/plan-text.js";
import type { SavedPlanFile } from "../../saved-plan.js";
import type { SpecPlan } from "../../workflow.js";
import { accountHooks, accountJson } from "../account.js";
import { loadPlanSource } from "../apply-source.js";
import { type FlagDefs, parseCommandArgs } from "../args.js";
import { CONNECTION_FLAGS, connectionFlags, openConnection } from "../connection.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { commandHelp } from "../help.js";
import { errorToJson, wantsJson } from "../json-error.js";
import { jsonMeta } from "../json-meta.js";
import { prefetchAwsModules } from "../prefetch.js";
import { finalLineIfQuiet } from "../quiet.js";
import { writeSavedPlan } from "../saved-plan.js";
import { warnRegionOverride } from "../spec-checks.js";
import { targetFlag } from "../target.js";
import { VAR_FLAGS, varInputs } from "../vars.js";

export const FLAGS: FlagDefs = {
  json: { type: "boolean" },
  "detailed-exitcode": { type: "boolean" },
  "rotate-password": { type: "string", multiple: true },
  promote: { type: "string", multiple: true },
  reboot: { type: "boolean" },
  "snapshot-before": { type: "string", multiple: true },
  out: { type: "string" },
  target: { type: "string", multiple: true },
  drift: { type: "boolean" },
  "drift-exit": { type: "boolean" },
  ...VAR_FLAGS,
  ...CONNECTION_FLAGS,
};

/** Prints the plan; a plan with blocked changes then fails, listing each on stderr. */
async function computeAndPrint(
  argv: string[],
  ctx: CommandContext,
  printed: { plan: boolean },
): Promise<CommandOutcome> {
  const { values, positionals } = parseCommandArgs("plan", argv, FLAGS, true);
  if (values.help === true) {
    ctx.out(commandHelp("plan", FLAGS));
    return "done";
  }
  const conn = connectionFlags(values);
  const modules = prefetchAwsModules();
  const out = typeof values.out === "string" ? values.out : undefined;
  if (out === "") throw new UsageError("--out needs a file name (see rdsctl plan --help)");
  const targets = targetFlag(values.target);
  const [{ planSpec, checkRotations }] = await modules;
  const [{ checkPromotions }] = await modules;
  const source = await loadPlanSource(
    "plan",
    values,
    positionals,
    ctx,
    {
      rotations: checkRotations,
      promotions: checkPromotions,
    },
    varInputs(argv, ctx.cwd),
  );
  // A saved plan given to plan is refused by loadPlanSource; this only tells the compiler.
  if (source.saved !== undefined) throw new UsageError("a saved plan is applied with rdsctl apply");
  const { spec, rotatePassword, promote, reboot, snapshotBefore } = source;
  warnRegionOverride(spec, conn.options.region, ctx);
  const connection = await openConnection(conn, ctx.cwd, ctx.env, ctx.err);
  let bound: Awaited<ReturnType<typeof planSpec>>;
  try {
    bound = await planSpec(
      spec,
      { ...connection.options, ...accountHooks(ctx) },
      {
        rotatePassword,
        promote,
        targets,
        ...(reboot ? { reboot } : {}),
        ...(snapshotBefore.length > 0 ? { snapshotBefore } : {}),
      },
    );
  } finally {
    await connection.close();
  }
  const { plan } = bound;
  // --drift-exit asks for the drift too: it is what decides its exit code.
  const wantsDrift = values.drift === true || values["drift-exit"] === true;
  // Loaded only when asked: it brings the export code, which a plain plan does not need.
  const driftModule = wantsDrift ? await import("../drift.js") : undefined;
  const drift = driftModule?.driftOf(bound.desired, bound.observed);
  // Refused before anything is printed: a plan that would send a plaintext secret cannot be saved.
  const saved = out === undefined ? undefined : await savedPlanFor(bound, conn.local, plan);
  const json = {
    ...jsonMeta(),
    ...planToJson(plan),
    account: accountJson(bound.account),
    // The variables the spec used (never a secret: sensitive fields cannot use them).
    variables: spec.variables ?? [],
    ...(drift === undefined ? {} : { drift }),
    ...(saved === undefined ? {} : { savedPlan: { path: out, sha256: saved.sha256 } }),
  };
  ctx.out(
    values.json === true
      ? `${JSON.stringify(json, null, 2)}\n`
      : finalLineIfQuiet(ctx, renderPlanText(plan, { color: ctx.color })),
  );
  if (drift !== undefined && values.json !== true && ctx.quiet !== true) {
    ctx.out(driftModule?.renderDriftText(drift, ctx.color) ?? "");
  }
  printed.plan = true;
  if (planHasBlocked(plan)) throw new ChangeBlockedError(plan);
  if (out !== undefined && saved !== undefined) {
    writeSavedPlan(resolve(ctx.cwd, out), saved.file);
    ctx.err(savedLines(out, saved));
  }
  if (values["detailed-exitcode"] === true && planHasChanges(plan)) return "changes";
  // Drift decides the exit code only when asked: it is information, not a change.
  return values["drift-exit"] === true && drift !== undefined && drift.length > 0
    ? "changes"
    : "done";
}

/** The saved plan and its file's SHA-256; none for a plan with blocked changes, which is not saved. */
async function savedPlanFor(
  bound: SpecPlan,
  local: boolean,
  plan: Plan,
): Promise<{ file: SavedPlanFile; sha256: string } | undefined> {
  const { savedPlanOf, savedPlanDigest } = await import("../../saved-plan.js");
  const file = savedPlanOf(bound, { local });
  if (planHasBlocked(plan)) return undefined;
  return { file, sha256: savedPlanDigest(file) };
}

/** What `plan --out` says on stderr: where, the digest, how to apply it, the secrets it reads. */
function savedLines(out: string, saved: { file: SavedPlanFile; sha256: string }): string {
  const lines = [
    `Saved the plan to ${out} (sha256 ${saved.sha256}).`,
    `Apply exactly this plan with: rdsctl apply ${out} --plan-sha256 ${saved.sha256}`,
  ];
  for (const s of saved.file.secrets) {
    lines.push(`  ${s.id} ${s.field} is read from ${s.from} when the plan is applied`);
  }
  return `${lines.join("\n")}\n`;
}

/** With --json, a failure before the plan is printed still leaves one JSON document on stdout. */
export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  const printed = { plan: false };
  try {
    return await computeAndPrint(argv, ctx, printed);
  } catch (err) {
    if (wantsJson(argv) && !printed.plan) {
      ctx.out(`${JSON.stringify({ ...jsonMeta(), error: errorToJson(err) }, null, 2)}\n`);
    }
    throw err;
  }
}
