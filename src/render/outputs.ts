import type { InstanceOutputs, PendingModification } from "../apply/types.js";
import { escapeText } from "../text/escape.js";
import { textValue } from "./format-value.js";
import { createStyle } from "./style.js";

/** One instance's outputs as JSON: every member present, null when RDS did not report it. */
export interface InstanceOutputsJson {
  address: string | null;
  port: number | null;
  arn: string | null;
  status: string | null;
  masterUserSecretArn: string | null;
}

export function outputsToJson(outputs: InstanceOutputs): InstanceOutputsJson {
  return {
    address: outputs.address ?? null,
    port: outputs.port ?? null,
    arn: outputs.arn ?? null,
    status: outputs.status ?? null,
    masterUserSecretArn: outputs.masterUserSecretArn ?? null,
  };
}

/** What `show` prints for one declared instance. */
export interface ShownInstance {
  id: string;
  /** Absent when the instance does not exist. */
  outputs?: InstanceOutputs;
  pending?: PendingModification[];
}

/**
 * One instance's outputs as indented lines:
 *
 *   orders-db: orders-db.abc.us-east-1.rds.amazonaws.com:5432 (available)
 *     arn: arn:aws:rds:us-east-1:123456789012:db:orders-db
 *     master secret: arn:aws:secretsmanager:...
 */
function outputLines(
  id: string,
  outputs: InstanceOutputs,
  color: boolean,
  pending?: PendingModification[],
): string[] {
  const style = createStyle(color);
  const endpoint =
    outputs.address === undefined
      ? "no endpoint yet"
      : `${escapeText(outputs.address)}${outputs.port === undefined ? "" : `:${outputs.port}`}`;
  const status = outputs.status === undefined ? "" : ` (${escapeText(outputs.status)})`;
  const lines = [`  ${style.bold(escapeText(id))}: ${endpoint}${status}`];
  if (outputs.arn !== undefined) lines.push(`    arn: ${escapeText(outputs.arn)}`);
  if (outputs.masterUserSecretArn !== undefined) {
    lines.push(`    master secret: ${escapeText(outputs.masterUserSecretArn)}`);
  }
  for (const p of pending ?? []) {
    lines.push(`    pending: ${escapeText(p.field)} -> ${textValue(p.value, false)}`);
  }
  return lines;
}

/** The `Outputs:` block of apply's text result; empty when no instance was read. */
export function renderOutputsBlock(
  entries: ReadonlyArray<{ id: string; outputs?: InstanceOutputs }>,
  color: boolean,
): string[] {
  const lines = entries.flatMap((e) =>
    e.outputs === undefined ? [] : outputLines(e.id, e.outputs, color),
  );
  return lines.length === 0 ? [] : ["", "Outputs:", ...lines];
}

/** `rdsctl show` as text: each declared instance's outputs and pending changes. */
export function renderShowText(
  entries: readonly ShownInstance[],
  options: { color: boolean },
): string {
  const lines = entries.flatMap((e) =>
    e.outputs === undefined
      ? [`  ${createStyle(options.color).bold(escapeText(e.id))}: does not exist`]
      : [
          ...outputLines(e.id, e.outputs, options.color, e.pending),
          ...(e.pending !== undefined && e.pending.length === 0 ? ["    nothing pending"] : []),
        ],
  );
  return `${lines.join("\n")}\n`;
}

/** `rdsctl show --json`: `{ instances: [{ id, exists, outputs, pending }] }`. */
export function showToJson(entries: readonly ShownInstance[]): {
  instances: Array<{
    id: string;
    exists: boolean;
    outputs: InstanceOutputsJson | null;
    pending: Array<{ field: string; value: unknown }>;
  }>;
} {
  return {
    instances: entries.map((e) => ({
      id: e.id,
      exists: e.outputs !== undefined,
      outputs: e.outputs === undefined ? null : outputsToJson(e.outputs),
      pending: (e.pending ?? []).map((p) => ({ field: p.field, value: p.value })),
    })),
  };
}
