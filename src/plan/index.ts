export { computePlan } from "./compute.js";
export { failedStatusAdvice } from "./db-status.js";
export { versionMatches } from "./engine-version.js";
export { checkStability } from "./stability.js";
export type * from "./types.js";
