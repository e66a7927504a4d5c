export { computePlan } from "./compute.js";
export { DbStatus, failedStatusAdvice, KNOWN_STATUSES, type StatusKind } from "./db-status.js";
export {
  compareDeclaredVersion,
  isMajorChange,
  judgeEngineVersion,
  majorOf,
  versionMatches,
} from "./engine-version.js";
export { checkStability, FAILED_STATUSES, type Stability } from "./stability.js";
export type * from "./types.js";
