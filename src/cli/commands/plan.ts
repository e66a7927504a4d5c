import type { Plan } from "../../plan/types.js";
import { renderPlanJson } from "../../render/plan-json.js";
import { planHasChanges, renderPlanText, withoutIdPrefix } from "../../render/plan-text.js";
import { type FlagDefs, parseCommandArgs } from "../args.js";
import { CONNECTION_FLAGS, connectionFlags, openConnection } from "../connection.js";
import type { CommandContext } from "../context.js";
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

/** One line per blocked change, for the refusal message on stderr. */
export function blockedSummary(plan: Plan): string {
  const lines: string[] = [];
  for (const instance of plan.instances) {
    for (const blocked of instance.blocked) {
      lines.push(`  ${instance.id}: ${withoutIdPrefix(instance.id, blocked.reason)}`);
    }
  }
  const n = lines.length;
  return `${n} change${n === 1 ? " is" : "s are"} blocked:\n${lines.join("\n")}`;
}

async function computeAndPrint(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("plan", argv, FLAGS, true);
  if (values.help === true) {
    ctx.out(commandHelp("plan"));
    return 0;
  }
  const conn = connectionFlags(values);
  const modules = prefetchAwsModules();
  const spec = await loadSpecFiles("plan", positionals, ctx);
  const rotatePassword = checkedRotateSet(values["rotate-password"], spec);
  warnRegionOverride(spec, conn.options.region, ctx);
  const connection = await openConnection(conn, ctx.cwd, ctx.env);
  let plan: Plan;
  try {
    const [{ planSpec }] = await modules;
    ({ plan } = await planSpec(spec, connection.options, { rotatePassword }));
  } finally {
    await connection.close();
  }
  ctx.out(values.json === true ? renderPlanJson(plan) : renderPlanText(plan, { color: ctx.color }));
  if (plan.summary.blocked > 0) {
    ctx.err(`rdsctl: ${blockedSummary(plan)}\n`);
    return 1;
  }
  return values["detailed-exitcode"] === true && planHasChanges(plan) ? 2 : 0;
}

/** With --json, a failure before the plan is printed still leaves one JSON document on stdout. */
export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  try {
    return await computeAndPrint(argv, ctx);
  } catch (err) {
    if (wantsJson(argv)) ctx.out(`${JSON.stringify({ error: errorToJson(err) }, null, 2)}\n`);
    throw err;
  }
}
