import { planHasSettling } from "../../apply/settling.js";
import type { ApplyResult, BoundPlan, ProgressEvent } from "../../apply/types.js";
import {
  ApplyFailedError,
  ApplyInterruptedError,
  CancelledError,
  type ErrorCode,
  UsageError,
} from "../../errors.js";
import type { Plan } from "../../plan/types.js";
import { applyResultToJson, renderApplyResultText } from "../../render/apply-result.js";
import { planToJson } from "../../render/plan-json.js";
import { planHasChanges, renderPlanText } from "../../render/plan-text.js";
import { createProgressRenderer, type ProgressRenderer } from "../../render/progress.js";
import type { applyPlan } from "../../workflow.js";
import { type AccountInfo, accountJson, readAccount, withSpecAccount } from "../account.js";
import { type FlagDefs, parseCommandArgs } from "../args.js";
import { confirm } from "../confirm.js";
import { CONNECTION_FLAGS, connectionFlags, openConnection } from "../connection.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { GROUP_END, groupStart, onGitHubActions } from "../github.js";
import { commandHelp } from "../help.js";
import { type ErrorJson, errorToJson, wantsJson } from "../json-error.js";
import { loadSpecFiles } from "../load-spec.js";
import { prefetchAwsModules } from "../prefetch.js";
import { CommandFailure } from "../report-error.js";
import { checkedRotateSet, warnRegionOverride } from "../spec-checks.js";

/**
 * `rdsctl apply`: plan, show the plan, then hand the bound plan to the
 * library's applyPlan (the same function the library's applySpec uses). The
 * command only confirms (in applyPlan's beforeApply hook, after its blocked
 * check) and renders.
 */

const FLAGS: FlagDefs = {
  yes: { type: "boolean", short: "y" },
  "no-wait": { type: "boolean" },
  json: { type: "boolean" },
  "rotate-password": { type: "string", multiple: true },
  ...CONNECTION_FLAGS,
};

interface ApplyFlags {
  json: boolean;
  wait: boolean;
  yes: boolean;
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
  /** The account read before planning, when it was. */
  account: AccountInfo | undefined;

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
      account: accountJson(this.account),
    };
    this.#ctx.out(`${JSON.stringify(json, null, 2)}\n`);
  }
}

/**
 * Goes ahead with --yes; otherwise only a person at a terminal can say so,
 * and anything but yes cancels. Without a terminal it refuses rather than guess.
 */
async function confirmApply(ctx: CommandContext, plan: Plan, flags: ApplyFlags): Promise<void> {
  if (flags.yes) return;
  if (!ctx.stdinIsTTY) {
    throw new UsageError(
      "refusing to apply without confirmation: standard input is not a terminal, so rdsctl cannot ask. Re-run with --yes to apply without a prompt.",
    );
  }
  // With --json the plan went nowhere a person reads; show it with the question.
  if (flags.json) ctx.err(renderPlanText(plan, { color: ctx.errColor }));
  const { create, modify } = plan.summary;
  const question = `\nApply ${create} create(s) and ${modify} modification(s)? Type "yes" to go ahead: `;
  if (!(await confirm(ctx, question, { stdoutReserved: flags.json }))) {
    throw new CancelledError("apply cancelled; nothing was changed");
  }
}

function widthOf(columns: number | undefined): { columns?: number } {
  return columns === undefined || columns <= 0 ? {} : { columns };
}

/**
 * What runs while apply sends and waits, started once the plan is confirmed:
 * the progress display (stdout, or stderr when stdout carries JSON) and the
 * handler of the first SIGINT or SIGTERM, which stops new calls.
 */
class ApplySession {
  readonly #ctx: CommandContext;
  readonly #json: boolean;
  readonly #abort = new AbortController();
  #progress: ProgressRenderer | undefined;
  #ticker: NodeJS.Timeout | undefined;
  #offSignal: () => void = () => {};
  /** Where the GitHub Actions log group is written, when on GitHub Actions. */
  #group: ((text: string) => void) | undefined;
  interruptedBy: NodeJS.Signals | undefined;

  constructor(ctx: CommandContext, json: boolean) {
    this.#ctx = ctx;
    this.#json = json;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  readonly onProgress = (event: ProgressEvent): void => this.#progress?.onEvent(event);

  start(): void {
    const ctx = this.#ctx;
    const json = this.#json;
    // Only the first SIGINT or SIGTERM is ours: the handler removes itself, so
    // a second signal of either kind ends the process the usual way.
    this.#offSignal = ctx.onSignal((signal) => {
      this.#offSignal();
      this.interruptedBy = signal;
      ctx.err(
        `\nrdsctl: ${signal} received: no new call will be sent; finishing the calls in flight\n`,
      );
      this.#abort.abort();
    });
    this.#progress = createProgressRenderer({
      live: json ? ctx.stderrIsTTY : ctx.stdoutIsTTY,
      color: json ? ctx.errColor : ctx.color,
      write: json ? ctx.err : ctx.out,
      ...widthOf(json ? ctx.stderrColumns : ctx.stdoutColumns),
    });
    this.#group = onGitHubActions(ctx.env) ? (json ? ctx.err : ctx.out) : undefined;
    this.#group?.(groupStart("rdsctl apply: progress"));
    // Redraw every second so elapsed time moves between polls.
    this.#ticker = setInterval(() => this.#progress?.tick(), 1000);
    this.#ticker.unref();
  }

  stop(): void {
    clearInterval(this.#ticker);
    this.#progress?.finish();
    this.#group?.(GROUP_END);
    this.#group = undefined;
    this.#offSignal();
  }
}

function interruptedMessage(result: ApplyResult, signal: NodeJS.Signals): string {
  const sent = result.instances.filter((i) => i.calls.length > 0).map((i) => i.id);
  const which =
    sent.length === 0
      ? "no call had been sent to any instance"
      : `calls were sent for ${sent.length} instance(s): ${sent.join(", ")}`;
  return `apply interrupted by ${signal}: ${which}. What was sent stands; running apply again converges.`;
}

/** A failure with its own code for the JSON document, when the exit code is not 0. */
function outcomeError(code: ErrorCode, message: string): ErrorJson {
  return { code, message, problems: [] };
}

/**
 * When some instance failed: the JSON error (each instance's own error is in
 * `result`) and the failure to throw, whose stderr report names the count,
 * with JSON each error too (the text result shows them on its lines).
 */
function failureOf(
  result: ApplyResult,
  json: boolean,
  plan?: Plan,
): { error: ErrorJson; failure: CommandFailure } | undefined {
  const failed = result.instances.filter((i) => i.outcome === "failed");
  if (failed.length === 0) return undefined;
  const total = result.instances.length;
  const error = outcomeError(
    "APPLY_FAILED",
    `apply failed for ${failed.length} of ${total} instance(s); each error is on its instance in result`,
  );
  const summary = `apply failed for ${failed.length} of ${total} instance(s); the others finished and what was sent stands.`;
  const lines = [summary];
  if (json) for (const f of failed) lines.push(f.error?.message ?? `${f.id}: failed`);
  lines.push("fix the cause and run apply again; it carries on from where this run stopped.");
  const text = lines.map((line) => `rdsctl: ${line}\n`).join("");
  return { error, failure: new CommandFailure("APPLY_FAILED", summary, text, { plan, result }) };
}

/** Prints the result and ends as it says: done, failed (exit 1) or interrupted (130, 143). */
function finish(
  ctx: CommandContext,
  output: JsonOutput,
  plan: Plan,
  result: ApplyResult,
  interruptedBy: NodeJS.Signals | undefined,
  json: boolean,
): CommandOutcome {
  if (!json) ctx.out(`\n${renderApplyResultText(result, { color: ctx.color })}`);
  if (interruptedBy !== undefined) {
    const message = interruptedMessage(result, interruptedBy);
    output.write({ plan, result, error: outcomeError("APPLY_INTERRUPTED", message) });
    throw new ApplyInterruptedError(message, { signal: interruptedBy });
  }
  const failure = failureOf(result, json, plan);
  output.write({ plan, result, error: failure?.error ?? null });
  if (failure !== undefined) throw failure.failure;
  return "done";
}

/**
 * Applies the shown plan through applyPlan, which refuses a blocked plan
 * before asking anything. Nothing to send and nothing to wait for: it sends
 * nothing, and the result printed is the empty one. Waiting sends nothing,
 * so only a plan with changes needs a yes.
 */
async function applyShown(
  bound: BoundPlan,
  apply: typeof applyPlan,
  ctx: CommandContext,
  output: JsonOutput,
  flags: ApplyFlags,
): Promise<CommandOutcome> {
  const { plan } = bound;
  const changes = planHasChanges(plan);
  // Nothing to send, but an instance still creating or modifying is seen through.
  const nothingToDo = !changes && !(flags.wait && planHasSettling(plan));
  const session = new ApplySession(ctx, flags.json);
  let result: ApplyResult;
  try {
    result = await apply(bound, {
      wait: flags.wait,
      signal: session.signal,
      onProgress: session.onProgress,
      beforeApply: async () => {
        if (nothingToDo) return;
        if (changes) await confirmApply(ctx, plan, flags);
        session.start();
      },
    });
  } catch (err) {
    if (!(err instanceof ApplyFailedError)) throw err;
    result = err.result;
  } finally {
    session.stop();
  }
  if (nothingToDo) {
    output.write({ plan, result: emptyResult(plan), error: null });
    return "done";
  }
  return finish(ctx, output, plan, result, session.interruptedBy, flags.json);
}

async function planAndApply(
  argv: string[],
  ctx: CommandContext,
  output: JsonOutput,
  seen: { plan: Plan | null },
): Promise<CommandOutcome> {
  const { values, positionals } = parseCommandArgs("apply", argv, FLAGS, true);
  if (values.help === true) {
    ctx.out(commandHelp("apply"));
    return "done";
  }
  const flags = {
    json: values.json === true,
    wait: values["no-wait"] !== true,
    yes: values.yes === true,
  };
  const conn = connectionFlags(values);
  const modules = prefetchAwsModules();
  const spec = await loadSpecFiles("apply", positionals, ctx);
  const [{ planSpec, applyPlan, checkRotations }] = await modules;
  const rotatePassword = checkedRotateSet(values["rotate-password"], spec, checkRotations);
  warnRegionOverride(spec, conn.options.region, ctx);
  const options = withSpecAccount(spec, conn.options, ctx);
  const connection = await openConnection({ ...conn, options }, ctx.cwd, ctx.env);
  try {
    output.account = await readAccount(spec, connection.options, ctx);
    const bound = await planSpec(spec, connection.options, { rotatePassword });
    seen.plan = bound.plan;
    if (!flags.json) ctx.out(renderPlanText(bound.plan, { color: ctx.color }));
    return await applyShown(bound, applyPlan, ctx, output, flags);
  } finally {
    await connection.close();
  }
}

export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
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
