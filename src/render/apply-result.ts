import type { ApplyResult, InstanceResult } from "../apply/types.js";
import { formatSeconds } from "./progress.js";
import { createStyle } from "./style.js";

const VERBS: Record<InstanceResult["action"], string> = {
  create: "created",
  modify: "modified",
  noop: "unchanged",
  blocked: "blocked",
};

function instanceLine(result: InstanceResult, color: boolean): string | undefined {
  if (result.action === "noop") return undefined;
  const style = createStyle(color);
  const details: string[] = [];
  if (result.status !== undefined) details.push(result.status);
  if (result.waited) details.push(`waited ${formatSeconds(result.waitSeconds ?? 0)}`);
  else if (result.action !== "blocked") details.push("not waited for");
  const glyph = result.action === "create" ? style.green("+") : style.yellow("~");
  return `${glyph} ${style.bold(result.id)} ${VERBS[result.action]} (${details.join(", ")})`;
}

/** "Apply complete: 1 created, 2 modified, 5 unchanged." */
export function applySummaryLine(result: ApplyResult): string {
  const count = (action: InstanceResult["action"]) =>
    result.instances.filter((i) => i.action === action).length;
  return `Apply complete: ${count("create")} created, ${count("modify")} modified, ${count("noop")} unchanged.`;
}

/** The outcome of apply as text: one line per touched instance, then the summary. */
export function renderApplyResultText(result: ApplyResult, options: { color: boolean }): string {
  const lines = result.instances
    .map((r) => instanceLine(r, options.color))
    .filter((l) => l !== undefined);
  lines.push(createStyle(options.color).green(applySummaryLine(result)));
  return `${lines.join("\n")}\n`;
}

export interface ApplyResultJson {
  instances: Array<{
    id: string;
    action: InstanceResult["action"];
    calls: string[];
    status: string | null;
    waited: boolean;
    waitSeconds: number | null;
  }>;
  mutatingCalls: number;
}

export function applyResultToJson(result: ApplyResult): ApplyResultJson {
  return {
    instances: result.instances.map((r) => ({
      id: r.id,
      action: r.action,
      calls: [...r.calls],
      status: r.status ?? null,
      waited: r.waited,
      waitSeconds: r.waitSeconds ?? null,
    })),
    mutatingCalls: result.mutatingCalls,
  };
}
