import { UsageError } from "../errors.js";
import { resolveSecret } from "../spec/secrets.js";
import type { SecretRef, Spec } from "../spec/types.js";
import type { CommandContext } from "./context.js";

/**
 * A last guard behind "(sensitive)": every password the spec refers to is
 * registered with the output, which then masks it wherever it might appear.
 */
async function registerSecrets(spec: Spec, ctx: CommandContext): Promise<void> {
  for (const instance of spec.instances) {
    const ref = instance.fields.MasterUserPassword as SecretRef | undefined;
    if (ref === undefined || typeof ref !== "object") continue;
    // The value apply would send, read the same way; one that cannot be had now is reported when needed.
    const value = await resolveSecret(ref).catch(() => undefined);
    if (value !== undefined) ctx.addSecret(value);
  }
}

/** Load the spec files for a command: at least one file, warnings on stderr, secrets masked. */
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
  await registerSecrets(spec, ctx);
  for (const warning of spec.warnings) {
    const at = warning.location;
    ctx.err(`rdsctl: warning: ${at.file}:${at.line}:${at.column}: ${warning.message}\n`);
  }
  return spec;
}
