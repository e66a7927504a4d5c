import type { ApplyResult, ProgressEvent } from "../../apply/types.js";
import type { RdsApi } from "../../aws/rds-api.js";
import { ChangeBlockedError, UsageError } from "../../errors.js";
import type { Plan } from "../../plan/types.js";
import { applyResultToJson, renderApplyResultText } from "../../render/apply-result.js";
import { planToJson } from "../../render/plan-json.js";
import { planHasChanges, renderPlanText } from "../../render/plan-text.js";
import { createProgressRenderer } from "../../render/progress.js";
import { type FlagDefs, parseCommandArgs } from "../args.js";
import { confirm } from "../confirm.js";
import {
  CONNECTION_FLAGS,
  type Connection,
  connectionFlags,
  openConnection,
} from "../connection.js";
import type { CommandContext } from "../context.js";
import { commandHelp } from "../help.js";
import { loadSpecFiles } from "../load-spec.js";
import { prefetchAwsModules } from "../prefetch.js";
import { applyConfirmedPlan } from "../regional-apply.js";
import { blockedSummary, rotateSet } from "./plan.js";

const FLAGS: FlagDefs = {
  yes: { type: "boolean", short: "y" },
  "no-wait": { type: "boolean" },
  json: { type: "boolean" },
  "rotate-password": { type: "string", multiple: true },
  ...CONNECTION_FLAGS,
};

/** One client per region, shared by the plan and the apply. */
async function clientFactory(
  connection: Connection,
): Promise<(region: string | undefined) => RdsApi> {
  const { createRdsApi } = await import("../../aws/client.js");
  const clients = new Map<string, RdsApi>();
  return (region) => {
    const key = region ?? "";
    let api = clients.get(key);
    if (api === undefined) {
      api = createRdsApi(
        region === undefined ? connection.options : { ...connection.options, region },
      );
      clients.set(key, api);
    }
    return api;
  };
}

function emptyResult(plan: Plan): ApplyResult {
  return {
    instances: plan.instances.map((i) => ({
      id: i.id,
      action: i.action,
      outcome: "unchanged" as const,
      calls: [],
      waited: false,
    })),
    mutatingCalls: 0,
  };
}

function printJson(ctx: CommandContext, plan: Plan, result: ApplyResult | null): void {
  const doc = {
    plan: planToJson(plan),
    result: result === null ? null : applyResultToJson(result),
  };
  ctx.out(`${JSON.stringify(doc, null, 2)}\n`);
}

/**
 * Whether to go ahead: yes with --yes; otherwise only a person at a terminal
 * can say so. Without a terminal it refuses rather than guess.
 */
async function approved(
  ctx: CommandContext,
  plan: Plan,
  yes: boolean,
  json: boolean,
): Promise<boolean> {
  if (yes) return true;
  if (!ctx.stdinIsTTY) {
    throw new UsageError(
      "refusing to apply without confirmation: standard input is not a terminal, so rdsctl cannot ask. Re-run with --yes to apply without a prompt.",
    );
  }
  // With --json the plan went nowhere a person reads; show it with the question.
  if (json) ctx.err(renderPlanText(plan, { color: ctx.errColor }));
  const { create, modify } = plan.summary;
  const question = `\nApply ${create} create(s) and ${modify} modification(s)? Type "yes" to go ahead: `;
  return confirm(ctx, question, { stdoutReserved: json });
}

function widthOf(columns: number | undefined): { columns?: number } {
  return columns === undefined || columns <= 0 ? {} : { columns };
}

/** Progress goes where a person watches: stdout, or stderr when stdout carries JSON. */
async function withProgress(
  ctx: CommandContext,
  json: boolean,
  work: (onProgress: (event: ProgressEvent) => void) => Promise<ApplyResult>,
): Promise<ApplyResult> {
  const progress = createProgressRenderer({
    live: json ? ctx.stderrIsTTY : ctx.stdoutIsTTY,
    color: json ? ctx.errColor : ctx.color,
    write: json ? ctx.err : ctx.out,
    ...widthOf(json ? ctx.stderrColumns : ctx.stdoutColumns),
  });
  // Redraw every second so elapsed time moves between polls.
  const ticker = setInterval(() => progress.tick(), 1000);
  ticker.unref();
  try {
    return await work((event) => progress.onEvent(event));
  } finally {
    clearInterval(ticker);
    progress.finish();
  }
}

/** The shell's code for a process ended by SIGINT (128 + 2). */
const EXIT_INTERRUPTED = 130;

function interruptedMessage(result: ApplyResult): string {
  const sent = result.instances.filter((i) => i.calls.length > 0).map((i) => i.id);
  const which =
    sent.length === 0
      ? "no call had been sent to any instance"
      : `calls were sent for ${sent.length} instance(s): ${sent.join(", ")}`;
  return `rdsctl: apply interrupted: ${which}. What was sent stands; running apply again converges.\n`;
}

/** Exit 0 when every instance finished; else every error on stderr and exit 1. */
function reportFailures(ctx: CommandContext, result: ApplyResult, json: boolean): number {
  const failed = result.instances.filter((i) => i.outcome === "failed");
  if (failed.length === 0) return 0;
  const lines = [
    `rdsctl: apply failed for ${failed.length} of ${result.instances.length} instance(s); the others finished and what was sent stands.`,
  ];
  // The text result already shows each error on its instance's line; JSON readers get them here too.
  if (json) for (const f of failed) lines.push(`rdsctl: ${f.error?.message ?? `${f.id}: failed`}`);
  lines.push(
    "rdsctl: fix the cause and run apply again; it carries on from where this run stopped.",
  );
  ctx.err(`${lines.join("\n")}\n`);
  return 1;
}

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("apply", argv, FLAGS, true);
  if (values.help === true) {
    ctx.out(commandHelp("apply"));
    return 0;
  }
  const json = values.json === true;
  const conn = connectionFlags(values);
  const modules = prefetchAwsModules();
  const spec = await loadSpecFiles("apply", positionals, ctx);
  const connection = await openConnection(conn, ctx.cwd, ctx.env);
  try {
    const apiFor = await clientFactory(connection);
    const [{ planSpec }] = await modules;
    const planOptions = { rotatePassword: rotateSet(values["rotate-password"]) };
    const { plan } = await planSpec(
      spec,
      { ...connection.options, apiFactory: apiFor },
      planOptions,
    );
    if (!json) ctx.out(renderPlanText(plan, { color: ctx.color }));
    if (plan.summary.blocked > 0) {
      if (json) printJson(ctx, plan, null);
      throw new ChangeBlockedError(`refusing to apply: ${blockedSummary(plan)}`);
    }
    if (!planHasChanges(plan)) {
      if (json) printJson(ctx, plan, emptyResult(plan));
      return 0;
    }
    if (!(await approved(ctx, plan, values.yes === true, json))) {
      ctx.err("rdsctl: apply cancelled; nothing was changed\n");
      return 1;
    }
    const interrupt = new AbortController();
    const onSigint = () => {
      ctx.err("\nrdsctl: interrupted: no new call will be sent; finishing the calls in flight\n");
      interrupt.abort();
    };
    // Only the first Ctrl-C is ours: a second one ends the process the usual way.
    process.once("SIGINT", onSigint);
    let result: ApplyResult;
    try {
      result = await withProgress(ctx, json, (onProgress) =>
        applyConfirmedPlan(plan, connection.options, apiFor, {
          desired: spec.instances,
          planOptions,
          wait: values["no-wait"] !== true,
          onProgress,
          signal: interrupt.signal,
        }),
      );
    } finally {
      process.removeListener("SIGINT", onSigint);
    }
    if (json) printJson(ctx, plan, result);
    else ctx.out(`\n${renderApplyResultText(result, { color: ctx.color })}`);
    if (interrupt.signal.aborted) {
      ctx.err(interruptedMessage(result));
      return EXIT_INTERRUPTED;
    }
    return reportFailures(ctx, result, json);
  } finally {
    await connection.close();
  }
}
