import type { DBInstance } from "@aws-sdk/client-rds";
import { fieldWithRole, modifyNameOf } from "../kinds/instance/fields/table.js";
import type { FieldDef } from "../kinds/instance/fields/types.js";
import type { DesiredInstance, SecretRef, SourceLocation } from "../spec/types.js";
import { PASSWORD_VERSION_TAG } from "../spec/types.js";
import { addBlocked, addChange, type Draft, type PlanContext, policyAllows } from "./context.js";
import { inheritedFrom } from "./inherited.js";
import { SENSITIVE, where } from "./messages.js";
import { liveTags } from "./tags.js";
import type { Plan } from "./types.js";

/** Identifiers are case-insensitive in RDS, so are the ids asked to rotate. */
function isAskedToRotate(asked: Iterable<string> | undefined, id: string): boolean {
  const lower = id.toLowerCase();
  return [...(asked ?? [])].some((a) => a.toLowerCase() === lower);
}

/** The ids asked to rotate that no declared instance has: asking for them would rotate nothing. */
export function undeclaredRotations(
  asked: Iterable<string> | undefined,
  declared: readonly { id: string }[],
): string[] {
  return [...(asked ?? [])].filter((a) => !declared.some((d) => isAskedToRotate([a], d.id)));
}

/**
 * Turning Secrets Manager management off needs a password in the same call
 * (RDS deletes the secret and sets that password), so without a declared one
 * the change is blocked rather than sent to be refused; the secret's KMS key
 * can only be chosen in the call that turns it on.
 */
function addManagementCompanions(ctx: PlanContext, draft: Draft, password: FieldDef): void {
  const { d } = ctx;
  const managed = fieldWithRole("managed-password");
  const secretKey = fieldWithRole("managed-password-key");
  const turnedTo = draft.modify[modifyNameOf(managed)];
  const ref = d.fields[password.name];
  if (turnedTo === false) {
    if (ref !== undefined) draft.modify[modifyNameOf(password)] = ref;
    else {
      delete draft.modify[modifyNameOf(managed)];
      draft.changes = draft.changes.filter((c) => c.field !== managed.name);
      addBlocked(
        draft,
        managed.name,
        "refused",
        true,
        false,
        `${d.id}: ${managed.name} cannot be turned off without a new ${password.name}: RDS ` +
          "refuses it, because it deletes the Secrets Manager secret and needs the password " +
          `to use instead. Declare ${password.name} ({ env: NAME } or { file: PATH }) with it, ` +
          `or keep ${managed.name}: true (${where(d, managed.name)}).`,
      );
    }
  }
  const key = d.fields[secretKey.name];
  if (turnedTo === true && typeof key === "string") draft.modify[modifyNameOf(secretKey)] = key;
}

/** Records the password-version tag once a rotation is planned. */
function recordPasswordVersion(draft: Draft, recorded: string | undefined, version: string): void {
  draft.changes.push({
    field: `Tags.${PASSWORD_VERSION_TAG}`,
    from: recorded,
    to: version,
    timing: "immediate",
    downtime: false,
    sensitive: false,
  });
  draft.addTags.push({ Key: PASSWORD_VERSION_TAG, Value: version });
}

/** Whether the rotation may go ahead: not inherited, and allowed by policy. */
function rotationAllowed(ctx: PlanContext, draft: Draft, field: FieldDef): boolean {
  const { d } = ctx;
  const source = inheritedFrom(ctx, field);
  if (source !== undefined) {
    draft.notices.push({
      field: field.name,
      message: `${d.id}: the master password is inherited from its ${source}; rotate it there.`,
    });
    return false;
  }
  if (policyAllows(d, field.name)) return true;
  addBlocked(
    draft,
    field.name,
    "policy",
    undefined,
    undefined,
    `${d.id}: the master password would be rotated, but policy.updatable does not list ` +
      `${field.name}. Add it to policy.updatable, or drop the rotation request (${where(d, field.name)}).`,
    true,
  );
  return false;
}

/**
 * The master password is write-only: it is sent at create and afterwards
 * only when asked (`--rotate-password`, or a declared password version that
 * differs from the one recorded in the instance's tag). Sending it on every
 * run would put the instance into resetting-master-credentials each time.
 */
export function planPassword(ctx: PlanContext, draft: Draft, field: FieldDef): void {
  const { d } = ctx;
  const ref = d.fields[field.name];
  const recorded = liveTags(ctx).get(PASSWORD_VERSION_TAG);
  const asked = isAskedToRotate(ctx.options.rotatePassword, d.id);
  const versionChanged = d.passwordVersion !== undefined && recorded !== d.passwordVersion;

  addManagementCompanions(ctx, draft, field);
  if (!asked && !versionChanged) return;
  if (!rotationAllowed(ctx, draft, field)) return;

  const managedField = fieldWithRole("managed-password");
  const declaredManaged = d.fields[managedField.name];
  const managed =
    declaredManaged === true ||
    (declaredManaged === undefined && managedField.current(ctx.db) === true);
  if (ref !== undefined) {
    addChange(draft, field, d, SENSITIVE, ref);
    draft.modify[modifyNameOf(field)] = ref;
    draft.appliedNow.push(modifyNameOf(field));
  } else if (managed) {
    addChange(draft, field, d, SENSITIVE, "(rotated by Secrets Manager)");
    draft.modify.RotateMasterUserPassword = true;
    // RDS accepts a managed-secret rotation only together with ApplyImmediately.
    draft.modify.ApplyImmediately = true;
    draft.notices.push({
      field: field.name,
      message: `${d.id}: RDS rotates the Secrets Manager password now (this applies pending changes too).`,
    });
  } else {
    draft.notices.push({
      field: field.name,
      message:
        `${d.id}: a password rotation was asked for, but the spec declares neither ` +
        `${field.name} nor ${managedField.name}; nothing to send (${where(d, field.name)}).`,
    });
    return;
  }
  if (d.passwordVersion !== undefined && recorded !== d.passwordVersion) {
    recordPasswordVersion(draft, recorded, d.passwordVersion);
  }
}

/** A password a planned call sends: which instance, the reference, the engine's name and where it is declared. */
export interface PlannedSecret {
  id: string;
  field: string;
  ref: SecretRef;
  engine?: string;
  location: SourceLocation;
}

/**
 * Every `{ env }` / `{ file }` password the plan's calls will send (a create,
 * a rotation, turning management off), with the instance's engine (declared,
 * else live) so its value can be checked against RDS's rules before any call.
 */
export function plannedSecrets(
  plan: Plan,
  desired: readonly DesiredInstance[],
  observed: readonly DBInstance[],
): PlannedSecret[] {
  const password = fieldWithRole("master-password");
  const engineField = fieldWithRole("engine");
  const byId = new Map(desired.map((d) => [d.id, d]));
  const live = new Map(
    observed.map((db) => [String(fieldWithRole("identifier").current(db)).toLowerCase(), db]),
  );
  const out: PlannedSecret[] = [];
  for (const entry of plan.instances) {
    const d = byId.get(entry.id);
    if (d === undefined) continue;
    for (const call of entry.calls) {
      if (call.kind !== "create" && call.kind !== "modify") continue;
      const ref = call.input.MasterUserPassword;
      if (ref === undefined || ref.kind === "literal") continue;
      const db = live.get(entry.id);
      const engine = d.fields[engineField.name] ?? (db && engineField.current(db));
      out.push({
        id: entry.id,
        field: password.name,
        ref,
        ...(typeof engine === "string" ? { engine } : {}),
        location: d.fieldSources[password.name] ?? d.source,
      });
    }
  }
  return out;
}
