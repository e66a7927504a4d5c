import type { FaultKind, FaultRule } from "../api.js";
import { nextRandom } from "../state/context.js";
import { EmulatorError } from "./errors.js";

const KINDS: readonly FaultKind[] = [
  "throttle",
  "error500",
  "error503",
  "latency",
  "drop-before",
  "drop-after",
];

function bad(item: string, why: string): EmulatorError {
  return new EmulatorError("InvalidFaultSpec", `Invalid fault spec item "${item}": ${why}`);
}

function parseRate(item: string, text: string): number {
  const rate = Number(text);
  if (text.trim() === "" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw bad(item, "the rate must be a number from 0 to 1");
  }
  return rate;
}

function parseDuration(item: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (!m) throw bad(item, "the latency must look like 20ms or 1.5s");
  return Math.round(Number(m[1]) * (m[2] === "s" ? 1000 : 1));
}

/**
 * Parse the command-line form `throttle=0.2,error=0.05,drop=0.02,latency=20ms`.
 * `error=p` is split evenly between 500 and 503 answers; `drop=p` evenly
 * between drops before and after the action runs. The exact kinds
 * (`error500`, `error503`, `drop-before`, `drop-after`) are accepted too, and
 * any item may be scoped to one action: `CreateDBInstance:drop-after=1`.
 * `latency=20ms` delays every answer; `latency=20ms@0.5` delays half of them.
 */
export function parseFaultSpec(text: string): FaultRule[] {
  const rules: FaultRule[] = [];
  for (const raw of text.split(",")) {
    const item = raw.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    if (eq < 0) throw bad(item, "expected kind=value");
    let key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    let action = "*";
    const colon = key.indexOf(":");
    if (colon >= 0) {
      action = key.slice(0, colon).trim();
      key = key.slice(colon + 1).trim();
      if (!/^(\*|[A-Z][A-Za-z0-9]+)$/.test(action))
        throw bad(item, `"${action}" is not an action name`);
    }
    switch (key) {
      case "error": {
        const rate = parseRate(item, value) / 2;
        rules.push({ kind: "error500", action, rate }, { kind: "error503", action, rate });
        break;
      }
      case "drop": {
        const rate = parseRate(item, value) / 2;
        rules.push({ kind: "drop-before", action, rate }, { kind: "drop-after", action, rate });
        break;
      }
      case "latency": {
        const [ms, rate] = value.split("@");
        rules.push({
          kind: "latency",
          action,
          latencyMs: parseDuration(item, ms ?? ""),
          rate: rate === undefined ? 1 : parseRate(item, rate),
        });
        break;
      }
      default:
        if (!(KINDS as readonly string[]).includes(key)) {
          throw bad(
            item,
            `unknown fault kind "${key}" (use throttle, error, error500, error503, drop, drop-before, drop-after, latency)`,
          );
        }
        rules.push({ kind: key as FaultKind, action, rate: parseRate(item, value) });
    }
  }
  return rules;
}

/** Validate rules given through the API or the admin path (JSON). */
function checkRules(rules: unknown): FaultRule[] {
  if (!Array.isArray(rules))
    throw new EmulatorError("InvalidFaultSpec", "Fault rules must be an array");
  return rules.map((r, i) => {
    const rule = r as FaultRule;
    if (typeof r !== "object" || r === null || !KINDS.includes(rule.kind)) {
      throw new EmulatorError(
        "InvalidFaultSpec",
        `Fault rule ${i}: unknown kind ${String(rule?.kind)}`,
      );
    }
    if (
      rule.rate !== undefined &&
      (typeof rule.rate !== "number" || rule.rate < 0 || rule.rate > 1)
    ) {
      throw new EmulatorError("InvalidFaultSpec", `Fault rule ${i}: rate must be from 0 to 1`);
    }
    if (rule.kind === "latency" && (typeof rule.latencyMs !== "number" || rule.latencyMs < 0)) {
      throw new EmulatorError("InvalidFaultSpec", `Fault rule ${i}: latency needs latencyMs`);
    }
    return { ...rule };
  });
}

export interface FaultDecision {
  latencyMs: number;
  /** The one failing fault to inject, if any. */
  kind?: Exclude<FaultKind, "latency">;
}

/** Decides, with its own seeded generator, which faults hit each request. */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private readonly rng: { rng: number };

  constructor(seed: number) {
    this.rng = { rng: (seed ^ 0x5bd1e995) | 0 };
  }

  set(rules: FaultRule[] | string): void {
    this.rules = typeof rules === "string" ? parseFaultSpec(rules) : checkRules(rules);
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  decide(action: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const rule of this.rules) {
      if ((rule.action ?? "*") !== "*" && rule.action !== action) continue;
      if (rule.count !== undefined && rule.count <= 0) continue;
      if (rule.kind !== "latency" && decision.kind) continue;
      if (rule.count !== undefined) rule.count -= 1;
      if (nextRandom(this.rng) >= (rule.rate ?? 1)) continue;
      if (rule.kind === "latency") decision.latencyMs += rule.latencyMs ?? 0;
      else decision.kind = rule.kind;
    }
    this.rules = this.rules.filter((r) => r.count === undefined || r.count > 0);
    return decision;
  }
}
