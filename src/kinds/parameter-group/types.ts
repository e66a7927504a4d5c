import type { DBParameterGroup, Parameter } from "@aws-sdk/client-rds";

/** How RDS applies a parameter's new value: now (dynamic only) or at the next reboot. */
export type ApplyMethod = "immediate" | "pending-reboot";

export const APPLY_METHODS: readonly ApplyMethod[] = ["immediate", "pending-reboot"];

/**
 * One declared parameter. `value` is the text RDS stores (a number keeps its
 * source text); a YAML boolean keeps `boolean`, resolved at plan time to the
 * form the parameter's AllowedValues use ("1"/"0" for RDS's boolean type).
 */
export interface DeclaredParameter {
  value: string;
  boolean?: boolean;
  /** The long form's `applyMethod`; absent: chosen from the parameter's ApplyType. */
  applyMethod?: ApplyMethod;
}

/** The normalised `fields` of a declared parameter group. */
export interface ParameterGroupFields {
  /** As declared; RDS matches it lowercased. */
  DBParameterGroupName: string;
  /** Lowercased. */
  DBParameterGroupFamily: string;
  /** Absent: not compared, and the create sends DEFAULT_DESCRIPTION. */
  Description?: string;
  Tags?: Record<string, string>;
  /** By parameter name, in declared order. */
  Parameters: Record<string, DeclaredParameter>;
}

/** What `read` found of one group. */
export interface ParameterGroupLive {
  group: DBParameterGroup;
  /** The parameters set on the group (DescribeDBParameters with Source=user). */
  parameters: Parameter[];
  /** Read only when the item declares Tags; absent otherwise. */
  tags?: Record<string, string>;
}

/**
 * The engine defaults (DescribeEngineDefaultParameters) of the families that
 * have something to send, by lowercased family then parameter name. A family
 * whose read failed or listed nothing is absent (its checks are skipped).
 */
export interface ParameterAdvice {
  catalogues: ReadonlyMap<string, ReadonlyMap<string, Parameter>>;
  /** Families RDS refused to describe (InvalidParameterValue), with its message. */
  rejectedFamilies?: ReadonlyMap<string, string>;
}

/** What a create sends when the item declares no Description (RDS requires one). */
export const DEFAULT_DESCRIPTION = "Managed by rdsctl";

/** RDS's cap on the parameters of one ModifyDBParameterGroup or ResetDBParameterGroup. */
export const PARAMETERS_PER_CALL = 20;
