/**
 * rdsctl as a library: load a spec, plan it against live RDS, apply it with a
 * progress callback. The CLI is a thin layer over exactly these exports.
 *
 *     const spec = await loadSpec(["rdsctl.yaml"]);
 *     const bound = await planSpec(spec, { region: "eu-west-1" });
 *     const result = await applyPlan(bound, { onProgress: (e) => console.log(e) });
 *
 * or `applySpec(spec, conn, options)` for both in one call. The guards are
 * the library's: the spec's profile, role and `allowedAccountIds` (checked
 * before any RDS call), `targets`, and for a saved plan (`readSavedPlan`,
 * `planSavedPlan`) its checksum, its account and the one staleness rule.
 */

export type { AccountHooks, AccountInfo } from "./apply/account.js";
export type {
  ApplyOptions,
  ApplyResult,
  BoundPlan,
  InstanceOutcome,
  InstanceResult,
  ProgressEvent,
  RegionBinding,
  ResourceResult,
} from "./apply/types.js";
export { DEFAULT_WAIT } from "./apply/types.js";
export { createRdsApi } from "./aws/client.js";
export type { ConnectionOptions, RdsApi } from "./aws/rds-api.js";
export {
  AccountNotAllowedError,
  ApplyFailedError,
  ApplyInterruptedError,
  AwsCallError,
  CancelledError,
  ChangeBlockedError,
  describeBlocked,
  EndpointUnreachableError,
  type ErrorCode,
  type ErrorFault,
  InstanceFailedError,
  PlanStaleError,
  PlanTamperedError,
  RdsctlError,
  SecretUnavailableError,
  SpecInvalidError,
  type SpecProblem,
  UsageError,
  WaitTimeoutError,
} from "./errors.js";
export type {
  FieldDef,
  FieldTiming,
  Mutability,
  ValueKind,
} from "./kinds/instance/fields/index.js";
export { FIELDS, fieldByName } from "./kinds/instance/fields/index.js";
export type {
  DeclaredResource,
  InstanceEffects,
  KindCall,
  KindName,
  ResourcePlan,
} from "./kinds/types.js";
export type {
  BlockedChange,
  BlockedKind,
  ChangeTiming,
  FieldChange,
  InstancePlan,
  Plan,
  PlanNotice,
  PlannedCall,
  PlanOptions,
  PlanSummary,
} from "./plan/index.js";
export { checkStability, computePlan, failedStatusAdvice, versionMatches } from "./plan/index.js";
export { planToJson, renderPlanJson, renderPlanText, summaryLine } from "./render/index.js";
export {
  planSavedPlan,
  readSavedPlan,
  SAVED_PLAN_FORMAT,
  type SavedConnection,
  type SavedPlanFile,
  type SavedResources,
  type SavedSecret,
  savedPlanDigest,
  savedPlanOf,
  savedPlanText,
} from "./saved-plan.js";
export {
  type DesiredInstance,
  loadSpec,
  PASSWORD_VERSION_TAG,
  type Policy,
  parseSpecText,
  resolveSecret,
  type SecretRef,
  type SourceLocation,
  type Spec,
  specJsonSchema,
  type WaitOptions,
} from "./spec/index.js";
export {
  applyPlan,
  applySpec,
  checkRotations,
  type PlannedConnection,
  planSpec,
  type SpecApply,
  type SpecApplyOptions,
  type SpecPlan,
  type SpecPlanOptions,
  type WorkflowConnection,
} from "./workflow.js";
