import assert from "node:assert/strict";
import { test } from "node:test";
import { failedStatusAdvice } from "../../src/plan/index.js";
import { checkStability, FAILED_STATUSES } from "../../src/plan/stability.js";

/** Per status, what the advice must say (facts from the RDS User Guide). */
const EXPECTED: Record<string, RegExp[]> = {
  "incompatible-parameters": [
    /parameter group/,
    /reset-db-parameter-group/,
    /reboot-db-instance --db-instance-identifier orders-db/,
    /policy\.rebootWhenNeeded does not help/,
  ],
  "incompatible-network": [/IP address/, /subnet/, /start-db-instance/, /run apply again/],
  "incompatible-option-group": [/option group/, /RDS events/],
  "storage-full": [/Raise AllocatedStorage/, /immediately/, /MaxAllocatedStorage/],
  stopped: [/start-db-instance --db-instance-identifier orders-db/, /run apply again/],
  "inaccessible-encryption-credentials-recoverable": [
    /KMS key/,
    /enabled/,
    /scheduled for deletion/,
    /start-db-instance/,
    /seven days/,
  ],
  "inaccessible-encryption-credentials": [/KMS key/, /new instance/, /cannot be recovered/],
  failed: [/point-in-time restore/, /snapshot/, /new instance/],
  deleting: [/being deleted/, /create it anew/],
};

for (const [status, patterns] of Object.entries(EXPECTED)) {
  test(`advice for ${status} says what to do`, () => {
    const advice = failedStatusAdvice(status, "orders-db");
    for (const re of patterns) assert.match(advice, re);
  });
}

test("advice is case-insensitive on the status and fills <id> without an identifier", () => {
  assert.equal(failedStatusAdvice("STOPPED", "a"), failedStatusAdvice("stopped", "a"));
  assert.match(failedStatusAdvice("stopped"), /--db-instance-identifier <id>/);
});

test("a status with no specific advice points at the instance's events", () => {
  const advice = failedStatusAdvice("restore-error");
  assert.match(advice, /restore-error/);
  assert.match(advice, /RDS events/);
});

test("advice never tells a person to change a spec setting that cannot help", () => {
  // rdsctl sends nothing to an instance in these statuses (tags aside).
  for (const status of FAILED_STATUSES) {
    const advice = failedStatusAdvice(status, "x");
    assert.doesNotMatch(advice, /set policy\.rebootWhenNeeded: true/, status);
    assert.ok(advice.length > 40, `${status}: ${advice}`);
  }
});

test("a failed stability verdict carries the advice, with the instance's identifier", () => {
  const statuses = [...FAILED_STATUSES, "stopped", "deleting", "deleted"];
  for (const status of statuses) {
    const got = checkStability({ DBInstanceIdentifier: "orders-db", DBInstanceStatus: status }, []);
    assert.equal(got.state, "failed", status);
    assert.equal(got.reason, `status is ${status}: ${failedStatusAdvice(status, "orders-db")}`);
  }
});

test("storage-full ends the wait with the advice unless storage was just raised", () => {
  const db = { DBInstanceIdentifier: "orders-db", DBInstanceStatus: "storage-full" };
  const failed = checkStability(db, ["DBInstanceClass"]);
  assert.equal(failed.state, "failed");
  assert.match(failed.reason, /Raise AllocatedStorage.*immediately/);
  assert.equal(checkStability(db, ["AllocatedStorage"]).state, "waiting");
});
