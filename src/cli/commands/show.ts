import type { DBInstance } from "@aws-sdk/client-rds";
import { UsageError } from "../../errors.js";
import type { ShownInstance } from "../../render/outputs.js";
import type { VarInput } from "../../spec/_vars.js";
import type { Spec } from "../../spec/types.js";
import { accountHooks } from "../account.js";
import { type FlagDefs, parseCommandArgs } from "../args.js";
import { CONNECTION_FLAGS, connectionFlags, openConnection } from "../connection.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { commandHelp } from "../help.js";
import { errorToJson, wantsJson } from "../json-error.js";
import { jsonMeta } from "../json-meta.js";
import { loadSpecFiles } from "../load-spec.js";
import { warnRegionOverride } from "../spec-checks.js";
import { VAR_FLAGS, varInputs } from "../vars.js";

export const FLAGS: FlagDefs = {
  id: { type: "string", multiple: true },
  json: { type: "boolean" },
  ...VAR_FLAGS,
  ...CONNECTION_FLAGS,
};

/** The ids to show, with the region each is read in, and the spec's account settings. */
async function targets(
  positionals: string[],
  ids: string[] | undefined,
  ctx: CommandContext,
  flagRegion: string | undefined,
  vars: readonly VarInput[],
): Promise<{ wanted: Array<{ id: string; region?: string }>; spec?: Spec }> {
  if (ids !== undefined && ids.length > 0) {
    if (positionals.length > 0) {
      throw new UsageError("rdsctl show takes spec FILEs or --id, not both");
    }
    return { wanted: [...new Set(ids.map((id) => id.toLowerCase()))].map((id) => ({ id })) };
  }
  const spec = await loadSpecFiles("show", positionals, ctx, vars);
  warnRegionOverride(spec, flagRegion, ctx);
  const wanted = spec.instances.map((i) => ({
    id: i.id.toLowerCase(),
    ...(i.region === undefined ? {} : { region: i.region }),
  }));
  return { wanted, spec };
}

/** Reads the declared instances (one describe per 100 per region) and prints their outputs. */
async function show(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  const { values, positionals } = parseCommandArgs("show", argv, FLAGS, true);
  if (values.help === true) {
    ctx.out(commandHelp("show", FLAGS));
    return "done";
  }
  const conn = connectionFlags(values);
  const { wanted, spec } = await targets(
    positionals,
    values.id as string[] | undefined,
    ctx,
    conn.options.region,
    varInputs(argv, ctx.cwd),
  );
  const connection = await openConnection(conn, ctx.cwd, ctx.env, ctx.err);
  let found: Map<string, DBInstance>;
  try {
    const { describeDeclared } = await import("../../workflow.js");
    // From spec files, the account is read and checked as plan does (profile, role, allowedAccountIds).
    found =
      spec === undefined
        ? await describeDeclared(wanted, connection.options)
        : await describeDeclared(
            wanted,
            { ...connection.options, ...accountHooks(ctx) },
            spec.account,
          );
  } finally {
    await connection.close();
  }
  const { instanceOutputs, pendingModifications } = await import("../../apply/outputs.js");
  const entries: ShownInstance[] = wanted.map(({ id }) => {
    const db = found.get(id);
    return db === undefined
      ? { id }
      : { id, outputs: instanceOutputs(db), pending: pendingModifications(db) };
  });
  const missing = askedMissing(values.id, entries);
  const { renderShowText, showToJson } = await import("../../render/outputs.js");
  ctx.out(
    values.json === true
      ? `${JSON.stringify({ ...jsonMeta(), ...showToJson(entries), ...(missing === undefined ? {} : { error: errorToJson(missing) }) }, null, 2)}\n`
      : renderShowText(entries, { color: ctx.color }),
  );
  if (missing !== undefined) throw missing;
  return "done";
}

/**
 * An id asked for with --id that does not exist is an error (exit 1), after
 * the others are shown; a declared instance not created yet is only listed.
 */
function askedMissing(ids: unknown, entries: ShownInstance[]): ShownMissingError | undefined {
  if (!Array.isArray(ids) || ids.length === 0) return undefined;
  const missing = entries.filter((e) => e.outputs === undefined).map((e) => e.id);
  if (missing.length === 0) return undefined;
  return new ShownMissingError(
    `no DB instance ${missing.join(", ")} (--id; identifiers are matched without regard to case)`,
  );
}

/** The --id error once its JSON document (with the listing) is written: not written again. */
class ShownMissingError extends UsageError {}

/** With --json, a failure still leaves one JSON document on stdout. */
export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  try {
    return await show(argv, ctx);
  } catch (err) {
    if (wantsJson(argv) && !(err instanceof ShownMissingError))
      ctx.out(`${JSON.stringify({ ...jsonMeta(), error: errorToJson(err) }, null, 2)}\n`);
    throw err;
  }
}
