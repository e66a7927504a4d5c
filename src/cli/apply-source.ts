import { UsageError } from "../errors.js";
import type { SavedPlanFile } from "../saved-plan.js";
import type { VarInput } from "../spec/_vars.js";
import { unknownKeyMessage } from "../spec/suggest.js";
import { SNAPSHOT_TRIGGERS, type SnapshotTrigger, type Spec } from "../spec/types.js";
import type { checkPromotions, checkRotations } from "../workflow.js";
import type { CommandContext } from "./context.js";
import { loadSpecFiles, registerSecrets } from "./load-spec.js";
import { isSavedPlanFile } from "./saved-plan.js";
import { checkedPromoteSet, checkedRotateSet } from "./spec-checks.js";
import { targetFlag } from "./target.js";

/** What plan or apply works from: the spec (planSpec narrows it to --target) or a saved plan. */
export type PlanSource =
  | {
      spec: Spec;
      rotatePassword: Set<string>;
      /** `--promote` ids, checked against the spec. */
      promote: Set<string>;
      targets: string[];
      /** `--reboot`: reboot what a parameter group leaves pending-reboot. */
      reboot: boolean;
      /** `--snapshot-before`: the kinds of change to take a snapshot before, for every instance. */
      snapshotBefore: SnapshotTrigger[];
      saved?: undefined;
    }
  | {
      spec: Spec;
      /** The saved plan, checked offline: apply plans it again with what it was made with. */
      saved: SavedPlanFile;
    };

/** The saved plan among the arguments, recognised by its content; it must be the only argument. */
function savedPlanArgument(command: string, args: readonly string[]): string | undefined {
  const plans = args.filter((arg) => isSavedPlanFile(arg));
  const first = plans[0];
  if (first === undefined) return undefined;
  if (command !== "apply") {
    throw new UsageError(
      `${first} is a saved plan, not a spec: apply it with rdsctl apply ${first}`,
    );
  }
  if (args.length > 1) {
    throw new UsageError(
      `${first} is a saved plan: it is applied on its own, without spec files (got ${args.length} arguments)`,
    );
  }
  return first;
}

/**
 * Reads what a command plans from. Spec files: loaded, the --rotate-password
 * and --promote ids checked against them (planSpec narrows them to the
 * --target instances). A saved plan (apply only): read and checked offline
 * (PlanTamperedError; `--plan-sha256` its digest); its own desired instances,
 * options and connection, which no flag can change.
 */
export async function loadPlanSource(
  command: string,
  values: Record<string, unknown>,
  args: string[],
  ctx: CommandContext,
  checks: { rotations: typeof checkRotations; promotions: typeof checkPromotions },
  vars: readonly VarInput[] = [],
): Promise<PlanSource> {
  const targets = targetFlag(values.target);
  const savedPath = savedPlanArgument(command, args);
  if (savedPath !== undefined) {
    for (const flag of [
      "target",
      "rotate-password",
      "promote",
      "reboot",
      "snapshot-before",
      "var",
      "var-file",
    ]) {
      if (values[flag] !== undefined) {
        throw new UsageError(
          `--${flag} cannot be used with a saved plan: it was fixed when the plan was made (make the plan again with it)`,
        );
      }
    }
    const sha256 = values["plan-sha256"];
    const { readSavedPlan, specOfSavedPlan } = await import("../saved-plan.js");
    const saved = readSavedPlan(savedPath, typeof sha256 === "string" ? { sha256 } : {});
    const spec = specOfSavedPlan(saved);
    registerSecrets(spec, ctx);
    return { spec, saved };
  }
  if (values["plan-sha256"] !== undefined) {
    throw new UsageError("--plan-sha256 checks a saved plan: give it with apply PLAN");
  }
  const spec = await loadSpecFiles(command, args, ctx, vars);
  const rotatePassword = checkedRotateSet(values["rotate-password"], spec, checks.rotations);
  const promote = checkedPromoteSet(values.promote, spec, checks.promotions);
  return {
    spec,
    rotatePassword,
    promote,
    targets,
    reboot: values.reboot === true,
    snapshotBefore: snapshotTriggersFlag(values["snapshot-before"]),
  };
}

/**
 * `--snapshot-before LIST`: kinds of change as a comma list, the flag
 * repeatable; each at most once, in the order given. An unknown kind is a
 * usage error naming the closest one.
 */
function snapshotTriggersFlag(value: unknown): SnapshotTrigger[] {
  const given = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  const triggers: SnapshotTrigger[] = [];
  for (const word of given.flatMap((v) => String(v).split(","))) {
    const name = word.trim();
    const trigger = SNAPSHOT_TRIGGERS.find((t) => t === name);
    if (trigger === undefined) {
      throw new UsageError(
        `--snapshot-before ${name === "" ? "(empty)" : name}: ${unknownKeyMessage(name, SNAPSHOT_TRIGGERS, "kind of change")} (one of ${SNAPSHOT_TRIGGERS.join(", ")})`,
      );
    }
    if (!triggers.includes(trigger)) triggers.push(trigger);
  }
  return triggers;
}
