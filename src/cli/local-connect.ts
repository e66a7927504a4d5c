import type { SecretRef, Spec } from "../spec/types.js";
import { escapeText } from "../text/escape.js";
import { askServer } from "./local-server.js";

/** `postgresql://USER@127.0.0.1:PORT/DB`: no password in it. */
export function connectionString(user: string, port: number, database: string): string {
  return `postgresql://${encodeURIComponent(user)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** The shell words that put the declared password in PGPASSWORD, when it is declared in a way a shell can reach. */
function passwordPrefix(ref: unknown): string {
  const r = ref as Partial<SecretRef> | undefined;
  if (r?.kind === "env" && typeof r.name === "string") return `PGPASSWORD="$${r.name}" `;
  if (r?.kind === "file" && typeof r.path === "string") {
    return `PGPASSWORD="$(cat '${r.path.replaceAll("'", "'\\''")}')" `;
  }
  return "";
}

/**
 * The lines `apply --local` ends with: how to connect to each declared
 * instance of the background emulator (a connection string without the
 * password, and a psql command that takes it from where the spec does), or
 * that the engine is API-only there.
 */
export async function localConnectionLines(url: string, spec: Spec): Promise<string[]> {
  const report = await askServer(url);
  if (!report) return [];
  const lines: string[] = [];
  for (const desired of spec.instances) {
    const inst = report.instances.find((i) => i.identifier === desired.id);
    if (!inst) continue;
    if (inst.postgres === undefined) {
      lines.push(
        `  ${inst.identifier}: ${inst.engine} is API-only in the emulator: nothing listens at its endpoint`,
      );
      continue;
    }
    if (inst.postgres.port === null) continue;
    const target = connectionString(
      inst.masterUsername,
      inst.postgres.port,
      inst.postgres.database,
    );
    lines.push(`  ${inst.identifier}: ${target}`);
    lines.push(`    ${passwordPrefix(desired.fields.MasterUserPassword)}psql "${target}"`);
  }
  if (lines.length === 0) return [];
  return [
    "",
    "Connect (the emulator keeps serving after this command; `rdsctl local stop` ends it):",
    ...lines.map(escapeText),
    "",
  ];
}
