/** Rendering of plans, apply progress and results, as text (optionally coloured) and JSON. */
export {
  type ApplyResultJson,
  applyResultToJson,
  applySummaryLine,
  renderApplyResultText,
} from "./apply-result.js";
export { jsonValue, SENSITIVE, textValue } from "./format-value.js";
export {
  type InstanceOutputsJson,
  outputsToJson,
  renderShowText,
  type ShownInstance,
  showToJson,
} from "./outputs.js";
export {
  type PlanJson,
  type PlanJsonBlocked,
  type PlanJsonChange,
  type PlanJsonInstance,
  planToJson,
  renderPlanJson,
} from "./plan-json.js";
export { type PlanTextOptions, planHasChanges, renderPlanText, summaryLine } from "./plan-text.js";
export {
  createProgressRenderer,
  formatSeconds,
  type ProgressRenderer,
  type ProgressRendererOptions,
  progressLine,
} from "./progress.js";
