import { lstatSync } from "node:fs";
import { resolve } from "node:path";
import type { UncheckedDefault } from "../../aws/account-defaults.js";
import { UsageError } from "../../errors.js";
import type { LeftOut } from "../../export/index.js";
import { writeFileAtomic } from "../../fs/atomic-write.js";
import { MANAGED_TAG } from "../../spec/types.js";
import { escapeText } from "../../text/escape.js";
import { type FlagDefs, parseCommandArgs } from "../args.js";
import { CONNECTION_FLAGS, connectionFlags, openConnection } from "../connection.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { commandHelp } from "../help.js";
import { readVersion } from "../version.js";

/** What each kind of value left out is, for the note. */
const LEFT_OUT_WHAT: Record<LeftOut["reason"], string> = {
  "default-kms-key": "the region's AWS managed KMS key",
  "default-security-group": "the VPC's default security group",
  "assigned-window": "a 30-minute window, as RDS assigns them",
};

/** The notes on stderr about what was left out, and the checks that could not be made. */
function leftOutNotes(leftOut: readonly LeftOut[], unchecked: readonly UncheckedDefault[]): string {
  let text = "";
  const byReason = new Map<LeftOut["reason"], string[]>();
  for (const l of leftOut)
    byReason.set(l.reason, [...(byReason.get(l.reason) ?? []), `${l.id} ${l.field}`]);
  for (const [reason, where] of byReason) {
    text += `rdsctl: note: left out ${LEFT_OUT_WHAT[reason]} (${escapeText(where.join(", "))}); --all writes it\n`;
  }
  for (const u of unchecked) {
    const what =
      u.check === "kms-key"
        ? "whether a KMS key is the region's AWS managed key"
        : "whether a security group is its VPC's default one";
    text += `rdsctl: note: could not check ${what} (${escapeText(u.why)}); the value is written\n`;
  }
  return text;
}

export const FLAGS: FlagDefs = {
  id: { type: "string", multiple: true },
  spec: { type: "string" },
  out: { type: "string" },
  force: { type: "boolean" },
  all: { type: "boolean" },
  ...CONNECTION_FLAGS,
};

/**
 * Writes `text` to `path` through a temporary file renamed into place; an
 * existing file is replaced only with `force`, and a symbolic link there is
 * replaced, not written through. A FIFO, a device or a folder is refused
 * (opening a FIFO would wait for a reader forever).
 */
function writeOut(path: string, text: string, force: boolean): void {
  const existing = lstatSync(path, { throwIfNoEntry: false });
  if (existing !== undefined && !existing.isFile() && !existing.isSymbolicLink()) {
    throw new UsageError(
      `--out: ${path} is not a regular file (a folder, a FIFO or a device); name a file`,
    );
  }
  if (existing !== undefined && !force) {
    throw new UsageError(`--out: ${path} already exists; pass --force to replace it`);
  }
  try {
    writeFileAtomic(path, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw new UsageError(`--out: ${path} already exists; pass --force to replace it`);
    }
    throw new UsageError(`--out: cannot write ${path} (${code ?? String(err)})`);
  }
}

/** Reads live instances and writes the spec a user would write for them. */
export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  const { values } = parseCommandArgs("export", argv, FLAGS, false);
  if (values.help === true) {
    ctx.out(commandHelp("export", FLAGS));
    return "done";
  }
  const conn = connectionFlags(values);
  const ids = values.id as string[] | undefined;
  const specName = typeof values.spec === "string" ? values.spec : undefined;
  if (specName !== undefined && ids !== undefined && ids.length > 0) {
    throw new UsageError("--spec and --id cannot be used together: --spec picks the instances");
  }
  if (specName === "") throw new UsageError("--spec: expected a spec name");
  const out = typeof values.out === "string" ? resolve(ctx.cwd, values.out) : undefined;
  if (values.force === true && out === undefined) {
    throw new UsageError("--force only applies with --out FILE");
  }
  const connection = await openConnection(conn, ctx.cwd, ctx.env, ctx.err);
  const all = values.all === true;
  const { readAccountDefaults, readInstances, withUsedResources } = await import(
    "../../workflow.js"
  );
  const { defaultsToCheck, exportSpec, renderExportYaml } = await import("../../export/index.js");
  let doc: ReturnType<typeof exportSpec>;
  let unchecked: UncheckedDefault[] = [];
  try {
    const read = await readInstances(connection.options, ids);
    // --spec: the region's listing, kept to the instances carrying rdsctl:spec=NAME.
    const chosen =
      specName === undefined
        ? read.instances
        : read.instances.filter(
            (db) => db.TagList?.find((t) => t.Key === MANAGED_TAG)?.Value === specName,
          );
    // Without --all, what RDS or the account picked by itself is left out (docs/commands.md).
    if (all) {
      doc = exportSpec(chosen, { region: read.region });
    } else {
      const { unchecked: notMade, ...found } = await readAccountDefaults(
        connection.options,
        read.region,
        defaultsToCheck(chosen),
      );
      unchecked = notMade;
      doc = exportSpec(chosen, { region: read.region, chosenOnly: found });
    }
    if (specName !== undefined) doc = { ...doc, policy: { markManaged: true, specName } };
    if (doc.instances.length === 0) {
      throw new UsageError(
        specName === undefined
          ? `no DB instance to export in ${read.region}`
          : `no DB instance in ${read.region} carries the tag ${MANAGED_TAG}=${specName}`,
      );
    }
    // The groups the exported instances use, so that a plan of the file finds nothing to do.
    doc = await withUsedResources(connection.options, read.region, doc);
  } finally {
    await connection.close();
  }
  const text = renderExportYaml(doc, readVersion());
  ctx.err(leftOutNotes(doc.leftOut ?? [], unchecked));
  if (out === undefined) {
    ctx.out(text);
  } else {
    writeOut(out, text, values.force === true);
    const n = doc.instances.length;
    ctx.err(`rdsctl: wrote ${n} instance${n === 1 ? "" : "s"} to ${values.out}\n`);
  }
  const placeholders = doc.instances.filter((i) => i.passwordEnv !== undefined).length;
  if (placeholders > 0) {
    ctx.err(
      `rdsctl: note: ${placeholders} instance${placeholders === 1 ? " has a password" : "s have passwords"} RDS does not manage; the spec reads ${placeholders === 1 ? "it" : "each"} from an environment variable named in a comment, only when a password is sent\n`,
    );
  }
  return "done";
}
