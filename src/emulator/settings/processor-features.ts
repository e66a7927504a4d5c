import { invalidCombination, invalidValue } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import { esc, wrap } from "../http/xml.js";
import type { ProcessorFeature } from "../state/model.js";

/** The two processor features RDS knows, in the order the emulator reports them. */
const NAMES = ["coreCount", "threadsPerCore"];

/**
 * `ProcessorFeatures.ProcessorFeature.N.Name/Value`, checked. Undefined when
 * absent; an empty list (`ProcessorFeatures=`) asks for nothing either, since
 * RDS goes back to the class defaults only through UseDefaultProcessorFeatures.
 */
function readProcessorFeatures(q: QueryParams): ProcessorFeature[] | undefined {
  const entries = q.structList("ProcessorFeatures", "ProcessorFeature");
  if (!entries || entries.length === 0) return undefined;
  const seen = new Set<string>();
  const out: ProcessorFeature[] = [];
  for (const e of entries) {
    const name = e.get("Name") ?? "";
    const value = e.get("Value") ?? "";
    if (!NAMES.includes(name)) {
      throw invalidValue(
        `Invalid processor feature name: ${name || "(none)"}. Valid names: ${NAMES.join(", ")}.`,
      );
    }
    if (seen.has(name))
      throw invalidValue(`Processor feature ${name} is specified more than once.`);
    seen.add(name);
    if (!/^[1-9][0-9]*$/.test(value) || (name === "threadsPerCore" && Number(value) > 2)) {
      throw invalidValue(
        `Invalid value ${value || "(none)"} for processor feature ${name}: ${name === "threadsPerCore" ? "1 or 2" : "a positive whole number"} expected.`,
      );
    }
    out.push({ Name: name, Value: value });
  }
  return sortFeatures(out);
}

function sortFeatures(list: ProcessorFeature[]): ProcessorFeature[] {
  return list.sort((a, b) => NAMES.indexOf(a.Name) - NAMES.indexOf(b.Name));
}

/** Each feature named replaces that feature; the others keep their setting, as on RDS. */
export function mergeFeatures(
  current: readonly ProcessorFeature[] | undefined,
  requested: readonly ProcessorFeature[],
): ProcessorFeature[] {
  const byName = new Map((current ?? []).map((f) => [f.Name, f.Value]));
  for (const f of requested) byName.set(f.Name, f.Value);
  return sortFeatures([...byName].map(([Name, Value]) => ({ Name, Value })));
}

/** Same settings; absent and empty both mean the class defaults. */
export function sameFeatures(
  a: readonly ProcessorFeature[] | undefined,
  b: readonly ProcessorFeature[] | undefined,
): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return (
    x.length === y.length && x.every((f, i) => f.Name === y[i]!.Name && f.Value === y[i]!.Value)
  );
}

/** The request's ProcessorFeatures, refused alongside UseDefaultProcessorFeatures (create and modify). */
export function requestedFeatures(q: QueryParams): ProcessorFeature[] | undefined {
  const requested = readProcessorFeatures(q);
  if (requested && q.bool("UseDefaultProcessorFeatures") === true) {
    throw invalidCombination(
      "You can't specify ProcessorFeatures together with UseDefaultProcessorFeatures.",
    );
  }
  return requested;
}

/** `<ProcessorFeatures>`; an empty list (pending return to the defaults) as `<ProcessorFeatures/>`. */
export function processorFeaturesXml(list: readonly ProcessorFeature[]): string {
  let inner = "";
  for (const f of list) {
    inner += `<ProcessorFeature><Name>${esc(f.Name)}</Name><Value>${esc(f.Value)}</Value></ProcessorFeature>`;
  }
  return wrap("ProcessorFeatures", inner);
}
