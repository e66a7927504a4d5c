import { FIELDS } from "../kinds/instance/fields/table.js";
import type { VarInput } from "../spec/_vars.js";
import { onSecretResolved } from "../spec/secrets.js";
import type { SecretRef, Spec } from "../spec/types.js";
import { escapeText } from "../text/escape.js";
import type { CommandContext } from "./context.js";
import { resolveSpecFiles } from "./spec-files.js";

const SENSITIVE = FIELDS.filter((f) => f.sensitive === true).map((f) => f.name);

/**
 * A last guard behind "(sensitive)": every secret value is registered with the
 * output, which then masks it wherever it might appear. Values written in the
 * spec are known now; `{ env }` and `{ file }` secrets are read only when sent
 * (a create or a rotation), and registered at that moment.
 */
export function registerSecrets(spec: Spec, ctx: CommandContext): void {
  onSecretResolved((value) => ctx.addSecret(value));
  for (const instance of spec.instances) {
    for (const name of SENSITIVE) {
      const value = instance.fields[name];
      if (typeof value === "string") ctx.addSecret(value);
      else if (value !== null && typeof value === "object") {
        const ref = value as SecretRef;
        if (ref.kind === "literal") ctx.addSecret(ref.value);
      }
    }
  }
}

/**
 * Load the spec files for a command (`rdsctl.yaml` when none is given, every
 * spec file of a directory argument), with the checks the spec alone
 * suffices for (replica graph, region names): warnings on stderr, secrets masked.
 */
export async function loadSpecFiles(
  command: string,
  args: string[],
  ctx: CommandContext,
  vars: readonly VarInput[] = [],
): Promise<Spec> {
  const { files, fromDirectories } = resolveSpecFiles(command, args, ctx.cwd);
  const { loadSpec } = await import("../spec/load.js");
  const { offlineSpecChecks } = await import("./spec-checks.js");
  const spec = await loadSpec(files, {
    checks: await offlineSpecChecks(),
    onlySpecs: fromDirectories,
    vars,
    env: ctx.env,
    onSkipped: (file) =>
      ctx.err(
        `rdsctl: note: skipped ${escapeText(file)}: not an rdsctl spec (no rdsctl key at its top level)\n`,
      ),
  });
  registerSecrets(spec, ctx);
  for (const warning of spec.warnings) {
    const at = warning.location;
    ctx.err(`rdsctl: warning: ${at.file}:${at.line}:${at.column}: ${warning.message}\n`);
  }
  return spec;
}
