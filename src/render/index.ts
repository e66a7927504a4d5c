/** Rendering of plans, apply progress and results, as text (optionally coloured) and JSON. */
export { planToJson, renderPlanJson } from "./plan-json.js";
export { renderPlanText, summaryLine } from "./plan-text.js";
