import { UsageError } from "../errors.js";
import type { Spec } from "../spec/types.js";
import type { CommandContext } from "./context.js";

/**
 * Load the spec files for a command: at least one file, warnings on stderr,
 * and every password the spec holds in plaintext or names in the environment
 * registered so no output can ever show it.
 */
export async function loadSpecFiles(
  command: string,
  files: string[],
  ctx: CommandContext,
): Promise<Spec> {
  if (files.length === 0) {
    throw new UsageError(
      `rdsctl ${command} needs at least one spec FILE (see rdsctl ${command} --help)`,
    );
  }
  const { loadSpec } = await import("../spec/load.js");
  const spec = await loadSpec(files);
  for (const instance of spec.instances) {
    const ref = instance.fields.MasterUserPassword as
      | { kind?: string; value?: string; name?: string }
      | undefined;
    if (ref?.kind === "literal" && typeof ref.value === "string") ctx.addSecret(ref.value);
    if (ref?.kind === "env" && typeof ref.name === "string") {
      const value = ctx.env[ref.name];
      if (value !== undefined) ctx.addSecret(value);
    }
  }
  for (const warning of spec.warnings) {
    const at = warning.location;
    ctx.err(`rdsctl: warning: ${at.file}:${at.line}:${at.column}: ${warning.message}\n`);
  }
  return spec;
}
