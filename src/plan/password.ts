import type { FieldDef } from "../fields/types.js";
import { PASSWORD_VERSION_TAG } from "../spec/types.js";
import { addBlocked, addChange, type Draft, type PlanContext, policyAllows } from "./context.js";
import { inheritedFrom } from "./inherited.js";
import { SENSITIVE, where } from "./messages.js";
import { liveTags } from "./tags.js";

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
 * The master password is write-only: it is sent at create and afterwards
 * only when asked (`--rotate-password`, or a declared password version that
 * differs from the one recorded in the instance's tag). Sending it on every
 * run would put the instance into resetting-master-credentials each time.
 */
export function planPassword(ctx: PlanContext, draft: Draft, field: FieldDef): void {
  const { d } = ctx;
  const ref = d.fields.MasterUserPassword;
  const recorded = liveTags(ctx)[PASSWORD_VERSION_TAG];
  const asked = isAskedToRotate(ctx.options.rotatePassword, d.id);
  const versionChanged = d.passwordVersion !== undefined && recorded !== d.passwordVersion;

  // Turning Secrets Manager management off needs a password in the same call.
  if (draft.modify.ManageMasterUserPassword === false) {
    if (ref !== undefined) draft.modify.MasterUserPassword = ref;
    else {
      draft.notices.push({
        field: "ManageMasterUserPassword",
        message:
          `${d.id}: RDS requires a MasterUserPassword to stop managing the password in ` +
          `Secrets Manager; declare one (${where(d, "ManageMasterUserPassword")}).`,
      });
    }
  }
  // The secret's KMS key can only be chosen in the call that turns management on.
  const secretKey = d.fields.MasterUserSecretKmsKeyId;
  if (draft.modify.ManageMasterUserPassword === true && typeof secretKey === "string") {
    draft.modify.MasterUserSecretKmsKeyId = secretKey;
  }
  if (!asked && !versionChanged) return;

  const source = inheritedFrom(ctx, field.name);
  if (source !== undefined) {
    draft.notices.push({
      field: field.name,
      message: `${d.id}: the master password is inherited from its ${source}; rotate it there.`,
    });
    return;
  }
  if (!policyAllows(d, field.name)) {
    addBlocked(
      draft,
      field.name,
      "policy",
      undefined,
      undefined,
      `${d.id}: the master password would be rotated, but policy.updatable does not list ` +
        `MasterUserPassword. Add it to policy.updatable, or drop the rotation request (${where(d, field.name)}).`,
      true,
    );
    return;
  }
  const managed =
    d.fields.ManageMasterUserPassword === true ||
    (d.fields.ManageMasterUserPassword === undefined && ctx.db.MasterUserSecret !== undefined);
  if (ref !== undefined) {
    addChange(draft, field, d, SENSITIVE, ref);
    draft.modify.MasterUserPassword = ref;
    draft.appliedNow.push("MasterUserPassword");
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
        `MasterUserPassword nor ManageMasterUserPassword; nothing to send (${where(d, field.name)}).`,
    });
    return;
  }
  if (d.passwordVersion !== undefined && recorded !== d.passwordVersion) {
    draft.changes.push({
      field: `Tags.${PASSWORD_VERSION_TAG}`,
      from: recorded,
      to: d.passwordVersion,
      timing: "immediate",
      downtime: false,
      sensitive: false,
    });
    draft.addTags.push({ Key: PASSWORD_VERSION_TAG, Value: d.passwordVersion });
  }
}
