export { computePlan } from "./compute.js";
export {
  compareDeclaredVersion,
  isMajorChange,
  judgeEngineVersion,
  majorOf,
  versionMatches,
} from "./engine-version.js";
export { checkStability, FAILED_STATUSES, type Stability } from "./stability.js";
export { failedStatusAdvice } from "./status-advice.js";
export type * from "./types.js";
