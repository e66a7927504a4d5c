import type { DBInstance } from "@aws-sdk/client-rds";
import { exportInstance, PASSWORD_VERSION_KEY, SOURCE_KEY } from "../export/instance.js";
import { fieldWithRole } from "../kinds/instance/fields/index.js";
import { textValue } from "../render/format-value.js";
import { createStyle } from "../render/style.js";
import type { DesiredInstance } from "../spec/types.js";
import { escapeText } from "../text/escape.js";

/**
 * `plan --drift`: per declared instance that exists, the live settings the
 * spec does not declare and that differ from what RDS sets by default (the
 * field table's defaults): exactly what `rdsctl export` would write for the
 * instance beyond what the spec says. Information only: the planner compares
 * declared fields alone, so none of this is ever sent.
 */
export interface InstanceDrift {
  id: string;
  /** Spec key -> live value, in the field table's order. */
  fields: Record<string, unknown>;
}

/** Keys export writes that are not live settings: the identity and the password's placeholder. */
const NOT_SETTINGS = new Set([
  fieldWithRole("identifier").name,
  fieldWithRole("master-password").name,
  PASSWORD_VERSION_KEY,
  SOURCE_KEY,
]);

export function driftOf(
  desired: readonly DesiredInstance[],
  observed: readonly DBInstance[],
): InstanceDrift[] {
  const live = new Map(observed.map((db) => [db.DBInstanceIdentifier?.toLowerCase(), db]));
  const drift: InstanceDrift[] = [];
  for (const d of desired) {
    const db = live.get(d.id);
    if (db === undefined) continue;
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(exportInstance(db).fields)) {
      if (NOT_SETTINGS.has(key) || Object.hasOwn(d.fields, key)) continue;
      fields[key] = value;
    }
    if (Object.keys(fields).length > 0) drift.push({ id: d.id, fields });
  }
  return drift;
}

/** The drift as text, after the plan: one block per instance, one line per setting. */
export function renderDriftText(drift: readonly InstanceDrift[], color: boolean): string {
  const style = createStyle(color);
  if (drift.length === 0) {
    return "\nDrift: every live setting the spec does not declare is RDS's default.\n";
  }
  const lines = [
    "",
    `${style.bold("Drift:")} live settings the spec does not declare, differing from RDS's defaults`,
    "(information only: not compared, nothing is sent; declare them to manage them)",
  ];
  for (const d of drift) {
    lines.push(`  ${style.bold(escapeText(d.id))}`);
    for (const [key, value] of Object.entries(d.fields)) {
      lines.push(`    ${escapeText(key)}: ${textValue(value, false)}`);
    }
  }
  const n = drift.reduce((sum, d) => sum + Object.keys(d.fields).length, 0);
  lines.push(
    `${n} undeclared setting${n === 1 ? "" : "s"} on ${drift.length} instance${drift.length === 1 ? "" : "s"}.`,
  );
  return `${lines.join("\n")}\n`;
}
