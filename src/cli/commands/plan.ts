import { ChangeBlockedError } from "../../errors.js";
import { planToJson } from "../../render/plan-json.js";
import { planHasChanges, renderPlanText } from "../../render/plan-text.js";
import { type AccountInfo, accountJson, readAccount, withSpecAccount } from "../account.js";
import { type FlagDefs, parseCommandArgs } from "../args.js";
import { CONNECTION_FLAGS, connectionFlags, openConnection } from "../connection.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { commandHelp } from "../help.js";
import { errorToJson, wantsJson } from "../json-error.js";
import { loadSpecFiles } from "../load-spec.js";
import { prefetchAwsModules } from "../prefetch.js";
import { checkedRotateSet, warnRegionOverride } from "../spec-checks.js";

const FLAGS: FlagDefs = {
  json: { type: "boolean" },
  "detailed-exitcode": { type: "boolean" },
  "rotate-password": { type: "string", multiple: true },
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
    ctx.out(commandHelp("plan"));
    return "done";
  }
  const conn = connectionFlags(values);
  const modules = prefetchAwsModules();
  const spec = await loadSpecFiles("plan", positionals, ctx);
  const [{ planSpec, checkRotations }] = await modules;
  const rotatePassword = checkedRotateSet(values["rotate-password"], spec, checkRotations);
  warnRegionOverride(spec, conn.options.region, ctx);
  const options = withSpecAccount(spec, conn.options, ctx);
  const connection = await openConnection({ ...conn, options }, ctx.cwd, ctx.env);
  let bound: Awaited<ReturnType<typeof planSpec>>;
  let account: AccountInfo | undefined;
  try {
    account = await readAccount(spec, connection.options, ctx);
    bound = await planSpec(spec, connection.options, { rotatePassword });
  } finally {
    await connection.close();
  }
  const { plan } = bound;
  const json = { ...planToJson(plan), account: accountJson(account) };
  ctx.out(
    values.json === true
      ? `${JSON.stringify(json, null, 2)}\n`
      : renderPlanText(plan, { color: ctx.color }),
  );
  printed.plan = true;
  if (plan.summary.blocked > 0) throw new ChangeBlockedError(plan);
  return values["detailed-exitcode"] === true && planHasChanges(plan) ? "changes" : "done";
}

/** With --json, a failure before the plan is printed still leaves one JSON document on stdout. */
export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  const printed = { plan: false };
  try {
    return await computeAndPrint(argv, ctx, printed);
  } catch (err) {
    if (wantsJson(argv) && !printed.plan) {
      ctx.out(`${JSON.stringify({ error: errorToJson(err) }, null, 2)}\n`);
    }
    throw err;
  }
}
