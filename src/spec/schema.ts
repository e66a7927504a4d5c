import { KINDS } from "../kinds/index.js";
import { FIELDS } from "../kinds/instance/fields/table.js";
import type { FieldDef, ValueKind } from "../kinds/instance/fields/types.js";
import type { ResourceKind } from "../kinds/types.js";
import {
  ALLOW_MAJOR_UPGRADE,
  APPLY_IMMEDIATELY,
  INSTANCE_REGION,
  PASSWORD_VERSION,
  REPLICA_SOURCE,
  REPLICA_SOURCE_PATTERN,
} from "./_fields.js";
import { RESERVED_TAG_PREFIXES } from "./reserved-tags.js";
import { DEFAULT_WAIT } from "./wait-defaults.js";

type Schema = Record<string, unknown>;

/** Unquoted YAML numbers are accepted where a string is expected (`EngineVersion: 16`). */
const STRINGISH = ["string", "number"];
/** `aws:` -> `[aA][wW][sS]:`: JSON Schema patterns have no case-insensitive flag. */
function anyCase(prefix: string): string {
  return [...prefix]
    .map((c) =>
      c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`,
    )
    .join("");
}
const RESERVED_TAG_KEY = {
  pattern: `^(?:${RESERVED_TAG_PREFIXES.map(anyCase).join("|")})`,
};

/**
 * Constraints RDS applies that a field's kind does not carry, mirrored from
 * the validator's rules so an editor flags them as well.
 */
const EXTRAS: Readonly<Record<string, Schema>> = {
  DBInstanceIdentifier: {
    minLength: 1,
    maxLength: 63,
    pattern: "^[A-Za-z](?!.*--)[A-Za-z0-9-]*$",
    not: { pattern: "-$" },
  },
  MonitoringInterval: { enum: [0, 1, 5, 10, 15, 30, 60] },
  PerformanceInsightsRetentionPeriod: {
    enum: [7, ...Array.from({ length: 23 }, (_, i) => 31 * (i + 1)), 731],
  },
};

/** The kind's `$defs` name: `parameter-group` -> `parameterGroup`. */
function defName(kind: ResourceKind<unknown>): string {
  return kind.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Each kind's top-level list (`parameterGroups`, `subnetGroups`), items from the kind's own schema. */
function kindLists(kinds: readonly ResourceKind<unknown>[]): Record<string, Schema> {
  const lists: Record<string, Schema> = {};
  for (const kind of kinds) {
    lists[kind.specKey] = {
      type: "array",
      description: `The ${kind.label}s, each named by its ${kind.idField}: created or modified, never deleted, and applied before the instances that name them.`,
      items: { $ref: `#/$defs/${defName(kind)}` },
    };
  }
  return lists;
}

/**
 * What a spec must have: `instances`, or, once kinds beside instances are
 * registered, at least one list of any kind (a spec of groups only is valid).
 */
function requiredLists(kinds: readonly ResourceKind<unknown>[]): Schema {
  if (kinds.length === 0) return { required: ["instances"] };
  return {
    anyOf: ["instances", ...kinds.map((k) => k.specKey)].map((key) => ({ required: [key] })),
  };
}

/**
 * The spec format as a JSON Schema (draft 2020-12), generated from the field
 * table and the registered kinds (KINDS: each kind's item schema) so that
 * editors complete and check every field rdsctl accepts.
 */
export function specJsonSchema(kinds: readonly ResourceKind<unknown>[] = KINDS): Schema {
  const kindDefs = Object.fromEntries(kinds.map((k) => [defName(k), k.itemSchema()]));
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "rdsctl spec",
    description:
      "DB instances (and the parameter and subnet groups they use) declared for rdsctl. Keys are the parameter names of the Create calls (CreateDBInstance, CreateDBParameterGroup, CreateDBSubnetGroup) exactly as the AWS API spells them.",
    type: "object",
    additionalProperties: false,
    ...requiredLists(kinds),
    properties: {
      $schema: { type: "string", description: "The JSON Schema this file follows (for editors)." },
      region: {
        type: "string",
        pattern: "^[a-z0-9]+(-[a-z0-9]+)+$",
        description:
          "AWS region of every instance and group in this file (an item's own region wins), e.g. us-east-1.",
      },
      instances: {
        type: "array",
        minItems: 1,
        description: "The DB instances. Each needs a unique DBInstanceIdentifier.",
        items: { $ref: "#/$defs/instance" },
      },
      ...kindLists(kinds),
      defaults: {
        $ref: "#/$defs/defaults",
        description:
          "Fields merged under every instance; instance values win, Tags merge key by key.",
      },
      policy: policySchema(),
      wait: waitSchema(),
      vars: varsSchema(),
      profile: {
        type: "string",
        minLength: 1,
        description:
          "Shared-config profile whose credentials plan and apply use (wins over --profile).",
      },
      assumeRoleArn: {
        type: "string",
        pattern: "^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$",
        description:
          "IAM role to assume (STS AssumeRole) with the profile's or the environment's credentials.",
      },
      externalId: {
        type: "string",
        minLength: 2,
        maxLength: 1224,
        description: "ExternalId sent with AssumeRole; needs assumeRoleArn.",
      },
      allowedAccountIds: {
        type: "array",
        minItems: 1,
        items: { type: "string", pattern: "^[0-9]{12}$" },
        description:
          "AWS accounts plan and apply may read or change; any other account is refused before any RDS call.",
      },
    },
    $defs: {
      instance: fieldMapSchema(true),
      defaults: fieldMapSchema(false),
      ...kindDefs,
    },
  };
}

function fieldMapSchema(isInstance: boolean): Schema {
  const properties: Record<string, Schema> = {};
  for (const def of FIELDS) {
    if (!isInstance && def.name === "DBInstanceIdentifier") continue;
    properties[def.name] = fieldSchema(def);
  }
  properties[APPLY_IMMEDIATELY] = {
    type: "boolean",
    default: false,
    description:
      "Apply deferrable changes now instead of in the next maintenance window (AWS's default: false).",
  };
  properties[ALLOW_MAJOR_UPGRADE] = {
    type: "boolean",
    default: false,
    description:
      "Let a declared EngineVersion of a newer major be sent (ModifyDBInstance's AllowMajorVersionUpgrade, sent only for a major upgrade). Without it (or policy.allowMajorVersionUpgrade) a major upgrade is blocked.",
  };
  properties[PASSWORD_VERSION] = {
    type: STRINGISH,
    description:
      "Your label for the current MasterUserPassword; changing it makes rdsctl send the password again (rotation).",
  };
  if (isInstance) {
    properties[REPLICA_SOURCE] = {
      type: "string",
      pattern: REPLICA_SOURCE_PATTERN,
      description:
        "Makes this instance a read replica of that source, created with CreateDBInstanceReadReplica once the source is available: an identifier (declared in the spec or already in RDS), or the ARN of a source in another region.",
    };
    properties[INSTANCE_REGION] = {
      type: "string",
      pattern: "^[a-z0-9]+(-[a-z0-9]+)+$",
      description: "AWS region of this instance; wins over the file's top-level region.",
    };
  }
  const schema: Schema = { type: "object", additionalProperties: false, properties };
  if (isInstance) schema.required = ["DBInstanceIdentifier"];
  return schema;
}

function fieldSchema(def: FieldDef): Schema {
  const base = kindSchema(def.kind);
  const extras = EXTRAS[def.name] ?? {};
  const timing = def.mutability === "modifiable" ? "" : " Set at create only.";
  return { ...base, ...extras, description: `${def.description}${timing}` };
}

function kindSchema(kind: ValueKind): Schema {
  switch (kind.type) {
    case "string":
      return stringSchema(kind);
    case "integer": {
      const s: Schema = { type: "integer" };
      if (kind.minimum !== undefined) s.minimum = kind.minimum;
      if (kind.maximum !== undefined) s.maximum = kind.maximum;
      return s;
    }
    case "boolean":
      return { type: "boolean" };
    case "string-list":
      return { type: "array", items: { type: STRINGISH } };
    case "tags":
      return tagsSchema();
    case "secret":
      return {
        oneOf: [
          { type: "string", minLength: 8, description: "Plaintext (accepted with a warning)." },
          secretRefSchema("env", "Name of the environment variable holding the password."),
          secretRefSchema(
            "file",
            "Path of a file holding the password, relative to the spec file.",
          ),
        ],
      };
    case "object-list": {
      const properties: Record<string, Schema> = {};
      for (const key of kind.itemKeys) {
        properties[key] = key === "Tags" ? tagsSchema() : { type: STRINGISH };
      }
      const required = kind.itemKeys.filter((k, i) => i === 0 || k === "Value");
      return {
        type: "array",
        items: { type: "object", additionalProperties: false, required, properties },
      };
    }
  }
}

function stringSchema(kind: Extract<ValueKind, { type: "string" }>): Schema {
  if (kind.enum !== undefined) {
    if (!kind.caseInsensitive) return { type: "string", enum: [...kind.enum] };
    // `enum` drives completion; the pattern accepts other casings RDS also accepts.
    return {
      anyOf: [
        { type: "string", enum: [...kind.enum] },
        { type: "string", pattern: `^(?:${kind.enum.map(caseless).join("|")})$` },
      ],
    };
  }
  if (kind.pattern !== undefined) {
    return {
      type: "string",
      pattern: kind.caseInsensitive ? caselessPattern(kind.pattern) : kind.pattern,
    };
  }
  return { type: STRINGISH };
}

function secretRefSchema(key: "env" | "file", description: string): Schema {
  return {
    type: "object",
    additionalProperties: false,
    required: [key],
    properties: { [key]: { type: "string", minLength: 1, description } },
  };
}

function tagsSchema(): Schema {
  const value = { type: ["string", "number", "boolean"], maxLength: 256 };
  return {
    oneOf: [
      {
        type: "object",
        description: "Tags as { key: value }.",
        propertyNames: { minLength: 1, maxLength: 128, not: RESERVED_TAG_KEY },
        additionalProperties: value,
      },
      {
        type: "array",
        description: "Tags as AWS's [{ Key, Value }] list.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["Key"],
          properties: {
            Key: { type: "string", minLength: 1, maxLength: 128, not: RESERVED_TAG_KEY },
            Value: value,
          },
        },
      },
    ],
  };
}

function policySchema(): Schema {
  return {
    type: "object",
    additionalProperties: false,
    description: "What rdsctl may change on existing instances and groups.",
    properties: {
      updatable: {
        type: "array",
        description:
          "Fields that may be modified; a difference in any other field is reported as blocked and not sent. Omit to allow every modifiable field.",
        items: { type: "string", enum: FIELDS.map((f) => f.name) },
      },
      purgeTags: {
        type: "boolean",
        default: false,
        description:
          "Remove tags on an instance or group that the spec does not declare (without it, undeclared tags are left alone).",
      },
      purgeParameters: {
        type: "boolean",
        default: false,
        description:
          "Reset the user-set parameters of a declared parameter group that the spec does not declare (ResetDBParameterGroup, shown in the plan first). Without it, undeclared parameters are left alone.",
      },
      rebootWhenNeeded: {
        type: "boolean",
        default: false,
        description: "Reboot (and wait) when a parameter group change is pending a reboot.",
      },
      allowMajorVersionUpgrade: {
        type: "boolean",
        default: false,
        description:
          "Let a declared EngineVersion of a newer major be sent, with AllowMajorVersionUpgrade, for every instance of the file. Without it, a major upgrade is blocked unless the instance item says AllowMajorVersionUpgrade: true.",
      },
      markManaged: {
        type: "boolean",
        default: false,
        description:
          "Tag what rdsctl creates or modifies with rdsctl:spec = specName, and list in plan the instances that carry that tag but are no longer declared (never deleted). Costs one listing of each region's instances per plan.",
      },
      specName: {
        type: "string",
        minLength: 1,
        maxLength: 256,
        description:
          "The value of the rdsctl:spec tag (policy.markManaged). Default: the spec file's name without its extension.",
      },
      maxParallelDowntime: {
        type: "integer",
        minimum: 1,
        default: 1,
        description:
          "At most this many instances restart at the same time for changes applied now; each is waited until stable before the next starts.",
      },
    },
  };
}

function varsSchema(): Schema {
  const scalar = { type: ["string", "number", "boolean"] };
  return {
    type: "object",
    description: `Variables: \${var.NAME} in any value but a sensitive field; set with --var NAME=VALUE or --var-file FILE.`,
    additionalProperties: {
      anyOf: [
        scalar,
        { type: "null" },
        {
          type: "object",
          additionalProperties: false,
          properties: {
            default: scalar,
            description: { type: "string" },
            type: { enum: ["string", "number", "boolean"] },
          },
        },
      ],
    },
  };
}

function waitSchema(): Schema {
  const seconds = (description: string, dflt: number): Schema => ({
    type: "number",
    exclusiveMinimum: 0,
    default: dflt,
    description,
  });
  return {
    type: "object",
    additionalProperties: false,
    description: "How apply polls until each touched instance is stable.",
    properties: {
      delaySeconds: seconds("First delay between polls.", DEFAULT_WAIT.delaySeconds),
      maxDelaySeconds: seconds(
        "Ceiling of the back-off between polls (at least delaySeconds).",
        DEFAULT_WAIT.maxDelaySeconds,
      ),
      timeoutSeconds: seconds(
        "Give up on an instance after this long; re-running apply resumes.",
        DEFAULT_WAIT.timeoutSeconds,
      ),
    },
  };
}

/** A regex source matching `text` in any letter case. */
function caseless(text: string): string {
  return [...text]
    .map((c) => {
      if (/[a-z]/i.test(c)) return `[${c.toLowerCase()}${c.toUpperCase()}]`;
      // Only syntax characters: the schema's regexes must compile in unicode mode.
      return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
    })
    .join("");
}

/**
 * JSON Schema patterns have no `i` flag: widen letter literals and a-z / A-Z
 * classes so the pattern accepts every casing.
 */
function caselessPattern(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? "";
    if (c === "\\") {
      out += c + (pattern[i + 1] ?? "");
      i++;
    } else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      const raw = pattern.slice(i + 1, end < 0 ? pattern.length : end);
      const negated = raw.startsWith("^") ? "^" : "";
      let body = raw.slice(negated.length);
      if (body.includes("a-z") && !body.includes("A-Z")) body = `A-Z${body}`;
      else if (body.includes("A-Z") && !body.includes("a-z")) body = `a-z${body}`;
      out += `[${negated}${body}]`;
      i = end < 0 ? pattern.length : end;
    } else if (/[a-z]/i.test(c)) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    } else out += c;
  }
  return out;
}
