import { UsageError } from "../errors.js";
import type { Spec } from "../spec/types.js";
import type { checkPromotions, checkRotations } from "../workflow.js";
import type { CommandContext } from "./context.js";
import { loadSpecFiles, registerSecrets } from "./load-spec.js";
import {
  isSavedPlanFile,
  readSavedPlan,
  type SavedPlanFile,
  specOfSavedPlan,
} from "./saved-plan.js";
import { checkedPromoteSet, checkedRotateSet } from "./spec-checks.js";
import { checkIdsTargeted, targetFlag, targetSpec } from "./target.js";

/** What plan or apply works from: the spec (narrowed by --target) or a saved plan's. */
export interface PlanSource {
  spec: Spec;
  rotatePassword: Set<string>;
  /** `--promote` ids, checked against the spec (or the saved plan's). */
  promote: Set<string>;
  /** Set when the argument was a saved plan: apply then refuses unless it still holds. */
  saved?: SavedPlanFile;
}

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
 * ids checked against them, then narrowed to the --target instances and what
 * they depend on. A saved plan (apply only): its own desired instances and
 * options, which --target and --rotate-password cannot change.
 */
export async function loadPlanSource(
  command: string,
  values: Record<string, unknown>,
  args: string[],
  ctx: CommandContext,
  checks: { rotations: typeof checkRotations; promotions: typeof checkPromotions },
): Promise<PlanSource> {
  const targets = targetFlag(values.target);
  const savedPath = savedPlanArgument(command, args);
  if (savedPath !== undefined) {
    for (const flag of ["target", "rotate-password", "promote"]) {
      if (values[flag] !== undefined) {
        throw new UsageError(
          `--${flag} cannot be used with a saved plan: it was fixed when the plan was made (make the plan again with it)`,
        );
      }
    }
    const saved = readSavedPlan(savedPath);
    const { spec, rotatePassword, promote } = specOfSavedPlan(saved);
    registerSecrets(spec, ctx);
    return { spec, rotatePassword, promote, saved };
  }
  const declared = await loadSpecFiles(command, args, ctx);
  const rotatePassword = checkedRotateSet(values["rotate-password"], declared, checks.rotations);
  const promote = checkedPromoteSet(values.promote, declared, checks.promotions);
  const spec = targetSpec(declared, targets);
  checkIdsTargeted(rotatePassword, spec, targets, "--rotate-password");
  checkIdsTargeted(promote, spec, targets, "--promote");
  return { spec, rotatePassword, promote };
}
