/*
 * What a person does about an instance in a status that does not turn into
 * `available` by itself. The facts come from the RDS User Guide (DB instance
 * status table, troubleshooting, the inaccessible-encryption knowledge-centre
 * article) and the API reference (StartDBInstance, RebootDBInstance,
 * ResetDBParameterGroup). rdsctl neither modifies nor reboots an instance in
 * these statuses, so no spec setting gets it out of one.
 */

const START = (id: string) => `aws rds start-db-instance --db-instance-identifier ${id}`;
const REBOOT = (id: string) => `aws rds reboot-db-instance --db-instance-identifier ${id}`;

const RESTORE_NEW =
  "restore the latest restorable time (point-in-time restore) or a snapshot into a new instance";

type Advice = (id: string) => string;

const ADVICE: Readonly<Record<string, Advice>> = {
  "incompatible-parameters": (id) =>
    "RDS cannot start the database with the parameters in its DB parameter group (the " +
    "instance's RDS events name them). Fix those parameters in the group, or reset them to " +
    `their defaults (aws rds reset-db-parameter-group), then reboot the instance (${REBOOT(id)}) ` +
    "and run apply again. " +
    "policy.rebootWhenNeeded does not help: rdsctl does not reboot an instance in this status, " +
    "and the parameters must be fixed before a reboot can succeed.",
  "incompatible-network": (id) =>
    "RDS cannot finish a recovery action because of the VPC's state, for example no free IP " +
    "address left in the DB subnet group's subnets or a subnet that no longer exists. Free " +
    `addresses or repair the subnet group, then start the instance (${START(id)}) and run apply again.`,
  "incompatible-option-group": () =>
    "An option group change could not be applied and could not be rolled back. The " +
    "instance's RDS events name the option at fault; correct the option group. If the status " +
    `stays, ask AWS Support, or ${RESTORE_NEW}.`,
  "storage-full": () =>
    "The instance has used all its allocated storage and the database cannot write. Raise " +
    "AllocatedStorage in the spec and run apply: on a storage-full instance rdsctl sends the " +
    "increase immediately, whatever ApplyImmediately says. MaxAllocatedStorage above the size " +
    "turns on storage autoscaling so it does not fill up again.",
  stopped: (id) =>
    `RDS does not modify a stopped instance. Start it (${START(id)}), then run apply again.`,
  stopping: (id) =>
    `RDS does not modify a stopping instance. Once it is stopped, start it (${START(id)}), then run apply again.`,
  "inaccessible-encryption-credentials-recoverable": (id) =>
    "RDS cannot use the instance's KMS key. Make sure the key is enabled and not scheduled for " +
    `deletion, and that the account owning it is active; then start the instance (${START(id)}) ` +
    "and run apply again. After seven days in this status the instance becomes " +
    "inaccessible-encryption-credentials, which cannot be recovered in place.",
  "inaccessible-encryption-credentials": () =>
    "The KMS key that encrypts the instance cannot be accessed, and the instance cannot be " +
    `recovered in place. With the key enabled again, ${RESTORE_NEW}; without the key the data ` +
    "cannot be recovered.",
  failed: () => `RDS cannot recover the instance. To get the data back, ${RESTORE_NEW}.`,
  "insufficient-capacity": () =>
    "RDS had no capacity for this instance class in this Availability Zone. Create the " +
    "instance again later, or with another DBInstanceClass or AvailabilityZone; the failed " +
    "instance must be deleted first (rdsctl never deletes).",
  deleting: () =>
    "The instance is being deleted and RDS makes no other change to it. Once it is gone, run " +
    "apply again to create it anew.",
  deleted: () => "The instance has been deleted. Run apply again to create it anew.",
};

/**
 * What to do about an instance in `status`, in sentences a person can act
 * on. `id` fills in the AWS CLI commands; without it they read `<id>`.
 * Statuses without specific advice get a pointer to the instance's events.
 */
export function failedStatusAdvice(status: string, id = "<id>"): string {
  const advice = ADVICE[status.toLowerCase()];
  if (advice !== undefined) return advice(id);
  return (
    `RDS cannot bring the instance out of status ${status} by itself. Its RDS events give ` +
    "the cause; act on it in the RDS console or with AWS Support, then run apply again once " +
    "it is available."
  );
}
