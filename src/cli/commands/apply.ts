import { leftPendingReboot } from "../../apply/pending-reboot.js";
import { planHasSettling } from "../../apply/settling.js";
import type { ApplyResult, BoundPlan, ProgressEvent } from "../../apply/types.js";
import {
  ApplyFailedError,
  ApplyInterruptedError,
  CancelledError,
  type ErrorCode,
  UsageError,
} from "../../errors.js";
import { downtimeLimit, restartingNow } from "../../plan/downtime.js";
import type { Plan } from "../../plan/types.js";
import {
  applyResultToJson,
  applySummaryLine,
  pendingRebootLines,
  renderApplyResultText,
} from "../../render/apply-result.js";
import { renderOutputsBlock } from "../../render/outputs.js";
import { planToJson } from "../../render/plan-json.js";
import { planHasChanges, renderPlanText, riskyCount } from "../../render/plan-text.js";
import {
  createProgressRenderer,
  type ProgressRenderer,
  progressEventJson,
} from "../../render/progress.js";
import { kindLabel, resourceChangesLine } from "../../render/resources.js";
import type { SavedPlanFile } from "../../saved-plan.js";
import { escapeLines, escapeText } from "../../text/escape.js";
import type { applyPlan, planSpec as planSpecFn } from "../../workflow.js";
import { type AccountInfo, accountHooks, accountJson } from "../account.js";
import { loadPlanSource, type PlanSource } from "../apply-source.js";
import { type FlagDefs, integerFlag, parseCommandArgs } from "../args.js";
import { confirm } from "../confirm.js";
import {
  CONNECTION_FLAGS,
  type ConnectionFlags,
  connectionFlags,
  openConnection,
} from "../connection.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { GROUP_END, groupStart, onGitHubActions } from "../github.js";
import { commandHelp } from "../help.js";
import { type ErrorJson, errorToJson, wantsJson } from "../json-error.js";
import { jsonMeta } from "../json-meta.js";
import { prefetchAwsModules } from "../prefetch.js";
import { finalLineIfQuiet } from "../quiet.js";
import { CommandFailure } from "../report-error.js";
import { warnRegionOverride } from "../spec-checks.js";
import { VAR_FLAGS, varInputs } from "../vars.js";

/**
 * `rdsctl apply`: plan, show the plan, then hand the bound plan to the
 * library's applyPlan (the same function the library's applySpec uses). The
 * command only confirms (in applyPlan's beforeApply hook, after its blocked
 * check) and renders.
 */

export const FLAGS: FlagDefs = {
  yes: { type: "boolean", short: "y" },
  "no-wait": { type: "boolean" },
  json: { type: "boolean" },
  "json-document": { type: "boolean" },
  "rotate-password": { type: "string", multiple: true },
  promote: { type: "string", multiple: true },
  reboot: { type: "boolean" },
  "snapshot-before": { type: "string", multiple: true },
  concurrency: { type: "string" },
  "max-parallel-downtime": { type: "string" },
  target: { type: "string", multiple: true },
  "plan-sha256": { type: "string" },
  ...VAR_FLAGS,
  ...CONNECTION_FLAGS,
};

interface ApplyFlags {
  json: boolean;
  wait: boolean;
  yes: boolean;
  concurrency?: number;
  maxParallelDowntime?: number;
}

/** The empty result with each instance's outputs from `read` (the plan's read of it). */
function withOutputs(empty: ApplyResult, read: ApplyResult): ApplyResult {
  const outputs = new Map(read.instances.map((r) => [r.id, r.outputs]));
  return {
    ...empty,
    instances: empty.instances.map((r) => {
      const o = outputs.get(r.id);
      return o === undefined ? r : { ...r, outputs: o };
    }),
  };
}

/** The result of an apply with nothing to do; what is left pending-reboot from what the plan read. */
function emptyResult(bound: BoundPlan): ApplyResult {
  const { plan } = bound;
  const result: ApplyResult = {
    instances: plan.instances.map((i) => ({
      id: i.id,
      action: i.action,
      outcome: "unchanged" as const,
      calls: [],
      waited: false,
    })),
    ...(plan.resources === undefined
      ? {}
      : {
          resources: plan.resources.map((r) => ({
            kind: r.kind,
            id: r.id,
            ...(r.region === undefined ? {} : { region: r.region }),
            action: r.action,
            outcome: "unchanged" as const,
            calls: [],
          })),
        }),
    mutatingCalls: 0,
  };
  const seen = new Map(bound.observed.map((db) => [db.DBInstanceIdentifier?.toLowerCase(), db]));
  const pending = leftPendingReboot(plan.instances, result.instances, seen);
  if (pending.length > 0) result.pendingReboot = pending;
  return result;
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

/**
 * `--json`: NDJSON, one progress event per line, then the document as the
 * last line. `--json-document`: only the document, pretty-printed. The
 * document is written once; a later failure must not add a second one, and
 * no event follows it.
 */
class JsonOutput {
  readonly #ctx: CommandContext;
  readonly enabled: boolean;
  readonly #lines: boolean;
  #written = false;
  /** The account read before planning, when it was. */
  account: AccountInfo | undefined;
  /** The command that reboots what this apply leaves pending-reboot. */
  rebootCommand: string | undefined;

  constructor(ctx: CommandContext, argv: readonly string[]) {
    this.#ctx = ctx;
    const document = argv.includes("--json-document");
    this.enabled = wantsJson(argv) || document;
    this.#lines = this.enabled && !document;
  }

  /** One event line (NDJSON mode only). */
  event(record: Record<string, unknown>): void {
    if (!this.#lines || this.#written) return;
    this.#ctx.out(`${JSON.stringify(record)}\n`);
  }

  write(doc: ApplyJsonDoc): void {
    if (!this.enabled || this.#written) return;
    this.#written = true;
    const json = {
      ...jsonMeta(),
      plan: doc.plan === null ? null : planToJson(doc.plan),
      result: doc.result === null ? null : applyResultToJson(doc.result, this.rebootCommand),
      error: doc.error,
      account: accountJson(this.account),
    };
    this.#ctx.out(`${this.#lines ? JSON.stringify(json) : JSON.stringify(json, null, 2)}\n`);
  }
}

/**
 * Goes ahead with --yes; otherwise only a person at a terminal can say so,
 * and anything but yes cancels. Without a terminal it refuses rather than guess.
 */
async function confirmApply(
  ctx: CommandContext,
  plan: Plan,
  desired: BoundPlan["desired"],
  flags: ApplyFlags,
): Promise<void> {
  if (flags.yes) return;
  if (!ctx.stdinIsTTY) {
    throw new UsageError(
      "refusing to apply without confirmation: standard input is not a terminal, so rdsctl cannot ask. Re-run with --yes to apply without a prompt.",
    );
  }
  // With --json the plan went nowhere a person reads; show it with the question.
  if (flags.json) ctx.err(renderPlanText(plan, { color: ctx.errColor }));
  const { create, modify } = plan.summary;
  const restarts = restartingNow(plan).length;
  const limit = downtimeLimit(desired, flags.maxParallelDowntime);
  const rolling =
    restarts > 0 ? ` (${restarts} of them restart now, at most ${limit} at a time)` : "";
  const risky = riskyCount(plan);
  const warning = risky === 0 ? "" : ` including ${risky} risky change(s) (see risk: above)`;
  // The groups go first, as apply sends them: "1 parameter group to modify, then 2 create(s) ...".
  const groups = resourceChangesLine(plan);
  const first = groups === "" ? "" : `${groups}, then `;
  const question = `\nApply ${first}${create} create(s) and ${modify} modification(s)${rolling}${warning}? Type "yes" to go ahead: `;
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
  readonly #output: JsonOutput;
  readonly #regionOf: ReadonlyMap<string, string>;
  readonly #abort = new AbortController();
  #progress: ProgressRenderer | undefined;
  #ticker: NodeJS.Timeout | undefined;
  #offSignal: () => void = () => {};
  /** Where the GitHub Actions log group is written, when on GitHub Actions. */
  #group: ((text: string) => void) | undefined;
  interruptedBy: NodeJS.Signals | undefined;
  /** Progress is redrawn on a terminal (stdout, or stderr when stdout carries JSON). */
  readonly live: boolean;

  constructor(ctx: CommandContext, json: boolean, output: JsonOutput, bound: BoundPlan) {
    this.#ctx = ctx;
    this.#json = json;
    this.#output = output;
    const regionOf = new Map<string, string>();
    for (const [region, { ids }] of bound.regions) for (const id of ids) regionOf.set(id, region);
    // A group's events carry its kind: its region is its plan's, whatever instance shares its name.
    for (const r of bound.plan.resources ?? []) {
      if (r.region !== undefined) regionOf.set(`${r.kind}/${r.id}`, r.region);
    }
    this.#regionOf = regionOf;
    this.live = json ? ctx.stderrIsTTY : ctx.stdoutIsTTY;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  readonly onProgress = (event: ProgressEvent): void => {
    this.#progress?.onEvent(event);
    if (this.#progress !== undefined) {
      const kind = event.type === "call" || event.type === "call-done" ? event.kind : undefined;
      const key = kind === undefined || kind === "instance" ? event.id : `${kind}/${event.id}`;
      const region = this.#regionOf.get(key);
      this.#output.event({
        ...jsonMeta(),
        ...progressEventJson(event, { time: Date.now(), region }),
      });
    }
  };

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
    // --quiet: no progress, only the final line.
    const write = ctx.quiet === true ? () => {} : json ? ctx.err : ctx.out;
    this.#progress = createProgressRenderer({
      live: this.live,
      color: json ? ctx.errColor : ctx.color,
      write,
      ...widthOf(json ? ctx.stderrColumns : ctx.stdoutColumns),
    });
    this.#group = onGitHubActions(ctx.env) && ctx.quiet !== true ? write : undefined;
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

export function interruptedMessage(result: ApplyResult, signal: NodeJS.Signals): string {
  const sent = result.instances.filter((i) => i.calls.length > 0).map((i) => i.id);
  const groups = (result.resources ?? [])
    .filter((r) => r.calls.length > 0)
    .map((r) => `${kindLabel(r.kind)} ${r.id}`);
  const which =
    sent.length + groups.length === 0
      ? "no call had been sent to any instance"
      : [
          ...(groups.length === 0 ? [] : [`calls were sent for ${groups.join(", ")}`]),
          ...(sent.length === 0
            ? []
            : [`calls were sent for ${sent.length} instance(s): ${sent.join(", ")}`]),
        ].join("; ");
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
export function failureOf(
  result: ApplyResult,
  json: boolean,
  plan?: Plan,
): { error: ErrorJson; failure: CommandFailure } | undefined {
  const failed = result.instances.filter((i) => i.outcome === "failed");
  const failedGroups = (result.resources ?? []).filter((r) => r.outcome === "failed");
  if (failed.length + failedGroups.length === 0) return undefined;
  const total = result.instances.length;
  // A failed group is named first: the instances that need it were skipped because of it.
  const groups = failedGroups.map((r) => `${kindLabel(r.kind)} ${escapeText(r.id)}`).join(", ");
  const what =
    failed.length === 0
      ? `apply failed for ${groups}`
      : `apply failed for ${groups === "" ? "" : `${groups} and `}${failed.length} of ${total} instance(s)`;
  const error = outcomeError(
    "APPLY_FAILED",
    `${what}; each error is on its ${failedGroups.length === 0 ? "instance" : failed.length === 0 ? "group" : "instance or group"} in result`,
  );
  const summary = `${what}; the others finished and what was sent stands.`;
  const lines = [summary];
  if (json) {
    for (const f of failedGroups) {
      lines.push(escapeLines(f.error?.message ?? `${kindLabel(f.kind)} ${f.id}: failed`));
    }
    for (const f of failed) lines.push(escapeLines(f.error?.message ?? `${f.id}: failed`));
  }
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
  if (!json) {
    ctx.out(
      ctx.quiet === true
        ? `${applySummaryLine(result)}\n`
        : `\n${renderApplyResultText(result, {
            color: ctx.color,
            ...(output.rebootCommand === undefined ? {} : { rebootCommand: output.rebootCommand }),
          })}`,
    );
  }
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
  const session = new ApplySession(ctx, flags.json, output, bound);
  let result: ApplyResult;
  try {
    result = await apply(bound, {
      wait: flags.wait,
      ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
      ...(flags.maxParallelDowntime === undefined
        ? {}
        : { maxParallelDowntime: flags.maxParallelDowntime }),
      signal: session.signal,
      onProgress: session.onProgress,
      // The latest RDS event of each instance is shown only where a person watches.
      rdsEvents: session.live,
      beforeApply: async () => {
        if (nothingToDo) return;
        if (changes) await confirmApply(ctx, plan, bound.desired, flags);
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
    const empty = withOutputs(emptyResult(bound), result);
    if (!flags.json) {
      const lines = pendingRebootLines(empty, {
        color: ctx.color,
        ...(output.rebootCommand === undefined ? {} : { rebootCommand: output.rebootCommand }),
      });
      if (lines.length > 0) ctx.out(`${lines.join("\n")}\n`);
      // Nothing was sent; each existing instance's outputs still come from the plan's read.
      const outputs = renderOutputsBlock(result.instances, ctx.errColor);
      if (outputs.length > 0) ctx.err(`${outputs.join("\n")}\n`);
    }
    output.write({ plan, result: empty, error: null });
    return "done";
  }
  return finish(ctx, output, plan, result, session.interruptedBy, flags.json);
}

/** An argument as a POSIX shell reads it back: quoted unless plainly safe. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * This apply's command with `--reboot`: the same spec files and flags
 * (without output and checksum flags). A saved plan is replaced by the spec
 * files it was made from: `--reboot` plans again.
 */
function rebootCommand(
  argv: readonly string[],
  positionals: readonly string[],
  savedFiles: readonly string[] | undefined,
): string {
  const words: string[] = [];
  const dropped = new Set(["--json", "--json-document", "--reboot"]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (dropped.has(arg)) continue;
    if (arg === "--plan-sha256") {
      i += 1;
      continue;
    }
    if (arg.startsWith("--plan-sha256=")) continue;
    if (savedFiles !== undefined && positionals.includes(arg)) continue;
    words.push(arg);
  }
  if (savedFiles !== undefined) words.unshift(...savedFiles);
  return ["rdsctl", "apply", ...words, "--reboot"].map(shellWord).join(" ");
}

async function planAndApply(
  argv: string[],
  ctx: CommandContext,
  output: JsonOutput,
  seen: { plan: Plan | null },
): Promise<CommandOutcome> {
  const { values, positionals } = parseCommandArgs("apply", argv, FLAGS, true);
  if (values.help === true) {
    ctx.out(commandHelp("apply", FLAGS));
    return "done";
  }
  const flags: ApplyFlags = {
    json: values.json === true || values["json-document"] === true,
    wait: values["no-wait"] !== true,
    yes: values.yes === true,
  };
  const concurrency = integerFlag("concurrency", values.concurrency, 1, 1000);
  if (concurrency !== undefined) flags.concurrency = concurrency;
  const maxDown = integerFlag("max-parallel-downtime", values["max-parallel-downtime"], 1, 1000);
  if (maxDown !== undefined) flags.maxParallelDowntime = maxDown;
  const conn = connectionFlags(values);
  const modules = prefetchAwsModules();
  const [{ planSpec, applyPlan, checkRotations }] = await modules;
  const [{ checkPromotions }] = await modules;
  const source = await loadPlanSource(
    "apply",
    values,
    positionals,
    ctx,
    {
      rotations: checkRotations,
      promotions: checkPromotions,
    },
    varInputs(argv, ctx.cwd),
  );
  warnRegionOverride(source.spec, conn.options.region, ctx);
  output.rebootCommand = rebootCommand(argv, positionals, source.saved?.files);
  const local = source.saved === undefined ? conn.local : savedLocal(source.saved, conn);
  const connection = await openConnection({ ...conn, local }, ctx.cwd, ctx.env, ctx.err);
  try {
    const bound = await planSource(source, planSpec, { ...connection.options }, ctx, output);
    seen.plan = bound.plan;
    // --quiet: the plan's final line only when it is the last thing apply says (nothing to do).
    const idle = !planHasChanges(bound.plan) && !(flags.wait && planHasSettling(bound.plan));
    if (!flags.json && (ctx.quiet !== true || idle)) {
      ctx.out(finalLineIfQuiet(ctx, renderPlanText(bound.plan, { color: ctx.color })));
    }
    const outcome = await applyShown(bound, applyPlan, ctx, output, flags);
    if (connection.localServer !== undefined && !flags.json && source.spec !== undefined) {
      const { localConnectionLines } = await import("../local-connect.js");
      const lines = await localConnectionLines(connection.localServer, source.spec);
      if (lines.length > 0) ctx.out(lines.join("\n"));
    }
    return outcome;
  } finally {
    await connection.close();
  }
}

/** A saved plan made with --local is applied with --local, and only such a plan. */
function savedLocal(saved: SavedPlanFile, conn: ConnectionFlags): boolean {
  const local = saved.connection.local === true;
  if (conn.local && !local) {
    throw new UsageError(
      "--local: the saved plan was not made with --local; it is applied with the connection it was made with",
    );
  }
  if (local && conn.options.endpointUrl !== undefined) {
    throw new UsageError(
      "--endpoint-url: the saved plan was made with --local; it is applied against the local emulator",
    );
  }
  return local;
}

/**
 * The bound plan to apply, through the library's guards: the spec planned
 * (account, --target), or the saved plan planned again with what it was
 * made with and refused unless every instance still holds as reviewed.
 */
async function planSource(
  source: PlanSource,
  planSpec: typeof planSpecFn,
  options: ConnectionFlags["options"],
  ctx: CommandContext,
  output: JsonOutput,
): Promise<BoundPlan> {
  const conn = {
    ...options,
    ...accountHooks(ctx, (account) => {
      output.account = account;
    }),
  };
  if (source.saved !== undefined) {
    const { planSavedPlan } = await import("../../saved-plan.js");
    return planSavedPlan(source.saved, conn);
  }
  const { spec, rotatePassword, promote, targets, reboot, snapshotBefore } = source;
  return planSpec(spec, conn, {
    rotatePassword,
    promote,
    targets,
    ...(reboot ? { reboot } : {}),
    ...(snapshotBefore.length > 0 ? { snapshotBefore } : {}),
  });
}

export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  const output = new JsonOutput(ctx, argv);
  const seen: { plan: Plan | null } = { plan: null };
  try {
    return await planAndApply(argv, ctx, output, seen);
  } catch (err) {
    // Human text goes to stderr from the entry point; JSON readers get the same error here.
    output.write({ plan: seen.plan, result: null, error: errorToJson(err) });
    throw err;
  }
}
