import { resolve } from "node:path";
import { ChangeBlockedError, UsageError } from "../../errors.js";
import { planToJson } from "../../render/plan-json.js";
import { planHasChanges, renderPlanText } from "../../render/plan-text.js";
import { type AccountInfo, accountJson, readAccount, withSpecAccount } from "../account.js";
import { loadPlanSource } from "../apply-source.js";
import { type FlagDefs, parseCommandArgs } from "../args.js";
import { CONNECTION_FLAGS, connectionFlags, openConnection } from "../connection.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { commandHelp } from "../help.js";
import { errorToJson, wantsJson } from "../json-error.js";
import { jsonMeta } from "../json-meta.js";
import { prefetchAwsModules } from "../prefetch.js";
import { savedPlanEndpoint, savedPlanOf, writeSavedPlan } from "../saved-plan.js";
import { warnRegionOverride } from "../spec-checks.js";
import { targetFlag } from "../target.js";

const FLAGS: FlagDefs = {
  json: { type: "boolean" },
  "detailed-exitcode": { type: "boolean" },
  "rotate-password": { type: "string", multiple: true },
  promote: { type: "string", multiple: true },
  out: { type: "string" },
  target: { type: "string", multiple: true },
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
  const { spec, rotatePassword, promote } = await loadPlanSource("plan", values, positionals, ctx, {
    rotations: checkRotations,
    promotions: checkPromotions,
  });
  warnRegionOverride(spec, conn.options.region, ctx);
  const options = withSpecAccount(spec, conn.options, ctx);
  const connection = await openConnection({ ...conn, options }, ctx.cwd, ctx.env, ctx.err);
  let bound: Awaited<ReturnType<typeof planSpec>>;
  let account: AccountInfo | undefined;
  try {
    account = await readAccount(spec, connection.options, ctx);
    bound = await planSpec(spec, connection.options, { rotatePassword, promote });
  } finally {
    await connection.close();
  }
  const { plan } = bound;
  // Refused before anything is printed: a plan that would send a plaintext secret cannot be saved.
  const saved = out === undefined ? undefined : savedPlanOf(bound, spec, targets);
  if (saved !== undefined) saved.endpoint = savedPlanEndpoint(conn, ctx.env);
  const json = { ...jsonMeta(), ...planToJson(plan), account: accountJson(account) };
  ctx.out(
    values.json === true
      ? `${JSON.stringify(json, null, 2)}\n`
      : renderPlanText(plan, { color: ctx.color }),
  );
  printed.plan = true;
  if (plan.summary.blocked > 0) throw new ChangeBlockedError(plan);
  if (out !== undefined && saved !== undefined) {
    writeSavedPlan(resolve(ctx.cwd, out), saved);
    ctx.err(`Saved the plan to ${out}. Apply exactly this plan with: rdsctl apply ${out}\n`);
  }
  return values["detailed-exitcode"] === true && planHasChanges(plan) ? "changes" : "done";
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
