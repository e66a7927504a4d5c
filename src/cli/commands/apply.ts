import { constants as osConstants } from "node:os";
import { planHasSettling } from "../../apply/settling.js";
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
import { type ErrorJson, errorToJson, wantsJson } from "../json-error.js";
import { loadSpecFiles } from "../load-spec.js";
import { prefetchAwsModules } from "../prefetch.js";
import { applyConfirmedPlan } from "../regional-apply.js";
import { checkedRotateSet, warnRegionOverride } from "../spec-checks.js";
import { blockedSummary } from "./plan.js";

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

/**
 * The one JSON document of `apply --json`: the plan (null when the command
 * failed before there was one), the result (null when nothing was applied) and
 * the error that made the exit code non-zero (null on success).
 */
interface ApplyJsonDoc {
  plan: Plan | null;
  result: ApplyResult | null;
  error: ErrorJson | null;
}

/** Writes the document once; a later failure must not add a second one. */
class JsonOutput {
  readonly #ctx: CommandContext;
  readonly enabled: boolean;
  #written = false;

  constructor(ctx: CommandContext, enabled: boolean) {
    this.#ctx = ctx;
    this.enabled = enabled;
  }

  write(doc: ApplyJsonDoc): void {
    if (!this.enabled || this.#written) return;
    this.#written = true;
    const json = {
      plan: doc.plan === null ? null : planToJson(doc.plan),
      result: doc.result === null ? null : applyResultToJson(doc.result),
      error: doc.error,
    };
    this.#ctx.out(`${JSON.stringify(json, null, 2)}\n`);
  }
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

/**
 * The shell's code for a process ended by a signal: 128 + its number, so 130
 * for SIGINT and 143 for SIGTERM, as a CI runner or shell expects.
 */
function interruptedExitCode(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 0);
}

function interruptedMessage(result: ApplyResult, signal: NodeJS.Signals): string {
  const sent = result.instances.filter((i) => i.calls.length > 0).map((i) => i.id);
  const which =
    sent.length === 0
      ? "no call had been sent to any instance"
      : `calls were sent for ${sent.length} instance(s): ${sent.join(", ")}`;
  return `apply interrupted by ${signal}: ${which}. What was sent stands; running apply again converges.`;
}

/** The JSON error of a partial failure; null when every instance finished. */
function failureError(result: ApplyResult): ErrorJson | null {
  const failed = result.instances.filter((i) => i.outcome === "failed");
  if (failed.length === 0) return null;
  const message = `apply failed for ${failed.length} of ${result.instances.length} instance(s); each error is on its instance in result`;
  return outcomeError("APPLY_FAILED", message);
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

/** A failure with its own code for the JSON document, when the exit code is not 0. */
function outcomeError(code: string, message: string): ErrorJson {
  return { code, message, problems: [] };
}

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const output = new JsonOutput(ctx, wantsJson(argv));
  const seen: { plan: Plan | null } = { plan: null };
  try {
    return await planAndApply(argv, ctx, output, seen);
  } catch (err) {
    // Human text goes to stderr from the entry point; JSON readers get the same error here.
    output.write({ plan: seen.plan, result: null, error: errorToJson(err) });
    throw err;
  }
}

async function planAndApply(
  argv: string[],
  ctx: CommandContext,
  output: JsonOutput,
  seen: { plan: Plan | null },
): Promise<number> {
  const { values, positionals } = parseCommandArgs("apply", argv, FLAGS, true);
  if (values.help === true) {
    ctx.out(commandHelp("apply"));
    return 0;
  }
  const json = values.json === true;
  const wait = values["no-wait"] !== true;
  const conn = connectionFlags(values);
  const modules = prefetchAwsModules();
  const spec = await loadSpecFiles("apply", positionals, ctx);
  const planOptions = { rotatePassword: checkedRotateSet(values["rotate-password"], spec) };
  warnRegionOverride(spec, conn.options.region, ctx);
  const connection = await openConnection(conn, ctx.cwd, ctx.env);
  try {
    const apiFor = await clientFactory(connection);
    const [{ planSpec }] = await modules;
    const { plan } = await planSpec(
      spec,
      { ...connection.options, apiFactory: apiFor },
      planOptions,
    );
    seen.plan = plan;
    if (!json) ctx.out(renderPlanText(plan, { color: ctx.color }));
    if (plan.summary.blocked > 0) {
      throw new ChangeBlockedError(`refusing to apply: ${blockedSummary(plan)}`);
    }
    const changes = planHasChanges(plan);
    // Nothing to send, but an instance still creating or modifying is seen through.
    const settling = wait && planHasSettling(plan);
    if (!changes && !settling) {
      output.write({ plan, result: emptyResult(plan), error: null });
      return 0;
    }
    // Waiting sends nothing, so only a plan with changes needs a yes.
    if (changes && !(await approved(ctx, plan, values.yes === true, json))) {
      const message = "apply cancelled; nothing was changed";
      output.write({ plan, result: null, error: outcomeError("CANCELLED", message) });
      ctx.err(`rdsctl: ${message}\n`);
      return 1;
    }
    const interrupt = new AbortController();
    let interruptedBy: NodeJS.Signals | undefined;
    // Only the first SIGINT or SIGTERM is ours: the handler removes itself, so
    // a second signal of either kind ends the process the usual way.
    const offSignal = ctx.onSignal((signal) => {
      offSignal();
      interruptedBy = signal;
      ctx.err(
        `\nrdsctl: ${signal} received: no new call will be sent; finishing the calls in flight\n`,
      );
      interrupt.abort();
    });
    let result: ApplyResult;
    try {
      result = await withProgress(ctx, json, (onProgress) =>
        applyConfirmedPlan(plan, connection.options, apiFor, {
          desired: spec.instances,
          planOptions,
          wait,
          onProgress,
          signal: interrupt.signal,
        }),
      );
    } finally {
      offSignal();
    }
    if (!json) ctx.out(`\n${renderApplyResultText(result, { color: ctx.color })}`);
    if (interruptedBy !== undefined) {
      const message = interruptedMessage(result, interruptedBy);
      output.write({ plan, result, error: outcomeError("APPLY_INTERRUPTED", message) });
      ctx.err(`rdsctl: ${message}\n`);
      return interruptedExitCode(interruptedBy);
    }
    output.write({ plan, result, error: failureError(result) });
    return reportFailures(ctx, result, json);
  } finally {
    await connection.close();
  }
}
