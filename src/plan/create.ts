import type { Tag } from "@aws-sdk/client-rds";
import { FIELDS, fieldWithRole } from "../kinds/instance/fields/table.js";
import type { DesiredInstance } from "../spec/types.js";
import { PASSWORD_VERSION_TAG } from "../spec/types.js";
import { riskOf } from "./context.js";
import { managedTag } from "./managed.js";
import { SENSITIVE } from "./messages.js";
import type { CreatePlan, FieldChange, PlannedCall } from "./types.js";

type CreateInput = Extract<PlannedCall, { kind: "create" }>["input"];

function tagsOf(value: unknown): Tag[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).map(([Key, v]) => ({
    Key,
    Value: String(v),
  }));
}

/** The instance does not exist: one CreateDBInstance with every declared field. */
export function planCreate(d: DesiredInstance): CreatePlan {
  const input: Record<string, unknown> = {};
  const changes: FieldChange[] = [];
  const idName = fieldWithRole("identifier").name;
  const tagsName = fieldWithRole("tags").name;
  for (const f of FIELDS) {
    const value = d.fields[f.name];
    if (value === undefined) continue;
    if (f.name === tagsName) {
      const tags = tagsOf(value);
      input[tagsName] = tags;
      for (const t of tags) {
        changes.push({
          field: `Tags.${t.Key}`,
          from: undefined,
          to: t.Value,
          timing: "immediate",
          downtime: false,
          sensitive: false,
        });
      }
      continue;
    }
    input[f.name] = f.name === idName ? d.id : f.wire === undefined ? value : f.wire(value);
    const sensitive = f.sensitive === true;
    changes.push({
      field: f.name,
      from: undefined,
      to: sensitive ? SENSITIVE : input[f.name],
      timing: "immediate",
      downtime: false,
      sensitive,
      ...riskOf(f, undefined, input[f.name]),
    });
  }
  input[idName] = d.id;
  const marker = managedTag(d);
  if (marker !== undefined) {
    input[tagsName] = [...((input[tagsName] as Tag[] | undefined) ?? []), marker];
    changes.push({
      field: `Tags.${marker.Key}`,
      from: undefined,
      to: marker.Value,
      timing: "immediate",
      downtime: false,
      sensitive: false,
    });
  }
  if (d.passwordVersion !== undefined) {
    const tags = (input[tagsName] as Tag[] | undefined) ?? [];
    input[tagsName] = [...tags, { Key: PASSWORD_VERSION_TAG, Value: d.passwordVersion }];
    changes.push({
      field: `Tags.${PASSWORD_VERSION_TAG}`,
      from: undefined,
      to: d.passwordVersion,
      timing: "immediate",
      downtime: false,
      sensitive: false,
    });
  }
  const plan: CreatePlan = {
    action: "create",
    id: d.id,
    source: d.source,
    changes,
    blocked: [],
    notices: [],
    calls: [{ kind: "create", input: input as CreateInput }],
  };
  if (d.region !== undefined) plan.region = d.region;
  return plan;
}
