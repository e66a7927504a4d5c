import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DbStatus,
  FAILED_STATUSES,
  failedStatusAdvice,
  KNOWN_STATUSES,
  membershipIsChanging,
} from "../../src/plan/db-status.js";
import { checkStability } from "../../src/plan/stability.js";

/*
 * Every DB instance status RDS documents, with what rdsctl must make of it.
 * Columns: transitional (apply waits for it to pass), ready (calls go out now),
 * settled (counts as stable), ends a wait, refuses changes, stopped, going
 * away, failed (needs a person).
 */
type Row = [
  status: string,
  transitional: boolean,
  ready: boolean,
  settled: boolean,
  endsWait: boolean,
  refuses: boolean,
  stopped: boolean,
  goingAway: boolean,
  failed: boolean,
];

const T = true;
const F = false;

// biome-ignore format: a table reads best one status a line
const ROWS: Row[] = [
  // status                                          trans  ready  settl  ends   refus  stop   gone   fail
  ["available",                                      F,     T,     T,     F,     F,     F,     F,     F],
  ["storage-optimization",                           F,     T,     T,     F,     F,     F,     F,     F],
  ["backing-up",                                     T,     F,     F,     F,     F,     F,     F,     F],
  ["configuring-activity-stream",                    T,     F,     F,     F,     F,     F,     F,     F],
  ["configuring-associated-roles",                   T,     F,     F,     F,     F,     F,     F,     F],
  ["configuring-enhanced-monitoring",                T,     F,     F,     F,     F,     F,     F,     F],
  ["configuring-iam-database-auth",                  T,     F,     F,     F,     F,     F,     F,     F],
  ["configuring-log-exports",                        T,     F,     F,     F,     F,     F,     F,     F],
  ["converting-to-vpc",                              T,     F,     F,     F,     F,     F,     F,     F],
  ["creating",                                       T,     F,     F,     F,     F,     F,     F,     F],
  ["delete-precheck",                                T,     F,     F,     F,     F,     F,     F,     F],
  ["maintenance",                                    T,     F,     F,     F,     F,     F,     F,     F],
  ["modifying",                                      T,     F,     F,     F,     F,     F,     F,     F],
  ["moving-to-vpc",                                  T,     F,     F,     F,     F,     F,     F,     F],
  ["rebooting",                                      T,     F,     F,     F,     F,     F,     F,     F],
  ["renaming",                                       T,     F,     F,     F,     F,     F,     F,     F],
  ["resetting-master-credentials",                   T,     F,     F,     F,     F,     F,     F,     F],
  ["starting",                                       T,     F,     F,     F,     F,     F,     F,     F],
  ["storage-config-upgrade",                         T,     F,     F,     F,     F,     F,     F,     F],
  ["storage-initialization",                         T,     F,     F,     F,     F,     F,     F,     F],
  ["upgrading",                                      T,     F,     F,     F,     F,     F,     F,     F],
  ["validating-configuration",                       T,     F,     F,     F,     F,     F,     F,     F],
  ["automation-paused",                              T,     F,     F,     F,     F,     F,     F,     F],
  ["backtracking",                                   T,     F,     F,     F,     F,     F,     F,     F],
  ["stopping",                                       T,     F,     F,     F,     T,     F,     F,     F],
  ["storage-full",                                   F,     T,     F,     F,     F,     F,     F,     F],
  ["stopped",                                        F,     F,     F,     T,     T,     T,     F,     F],
  ["deleting",                                       F,     F,     F,     T,     T,     F,     T,     F],
  ["deleted",                                        F,     F,     F,     T,     T,     F,     T,     F],
  ["failed",                                         F,     F,     F,     T,     T,     F,     F,     T],
  ["incompatible-restore",                           F,     F,     F,     T,     T,     F,     F,     T],
  ["incompatible-network",                           F,     F,     F,     T,     T,     F,     F,     T],
  ["incompatible-parameters",                        F,     F,     F,     T,     T,     F,     F,     T],
  ["incompatible-option-group",                      F,     F,     F,     T,     T,     F,     F,     T],
  ["incompatible-create",                            F,     F,     F,     T,     T,     F,     F,     T],
  ["incompatible-credentials",                       F,     F,     F,     T,     T,     F,     F,     T],
  ["restore-error",                                  F,     F,     F,     T,     T,     F,     F,     T],
  ["insufficient-capacity",                          F,     F,     F,     T,     T,     F,     F,     T],
  ["inaccessible-encryption-credentials",            F,     F,     F,     T,     T,     F,     F,     T],
  ["inaccessible-encryption-credentials-recoverable", F,     F,     F,     T,     T,     F,     F,     T],
  ["unsupported-configuration",                      F,     F,     F,     T,     T,     F,     F,     T],
];

test("the module names exactly the statuses of this table", () => {
  assert.deepEqual([...KNOWN_STATUSES].sort(), ROWS.map((r) => r[0]).sort());
});

test("the statuses of the User Guide's status table are all named", () => {
  const userGuide = [
    "available",
    "backing-up",
    "configuring-enhanced-monitoring",
    "configuring-iam-database-auth",
    "configuring-log-exports",
    "converting-to-vpc",
    "creating",
    "delete-precheck",
    "deleting",
    "failed",
    "inaccessible-encryption-credentials",
    "inaccessible-encryption-credentials-recoverable",
    "incompatible-network",
    "incompatible-option-group",
    "incompatible-parameters",
    "incompatible-restore",
    "insufficient-capacity",
    "maintenance",
    "modifying",
    "moving-to-vpc",
    "rebooting",
    "resetting-master-credentials",
    "renaming",
    "restore-error",
    "starting",
    "stopped",
    "stopping",
    "storage-config-upgrade",
    "storage-full",
    "storage-initialization",
    "storage-optimization",
    "upgrading",
  ];
  for (const s of userGuide) assert.ok(DbStatus.of(s).isKnown, s);
});

for (const [
  status,
  transitional,
  ready,
  settled,
  endsWait,
  refuses,
  stopped,
  goingAway,
  failed,
] of ROWS) {
  test(`status ${status} is classified`, () => {
    for (const spelling of [status, status.toUpperCase()]) {
      const s = DbStatus.of(spelling);
      assert.equal(s.name, status);
      assert.equal(s.isKnown, true);
      assert.equal(s.isAvailable, status === "available", "available");
      assert.equal(s.isTransitional, transitional, "transitional");
      assert.equal(s.isReadyForCalls, ready, "ready for calls");
      assert.equal(s.isSettled, settled, "settled");
      assert.equal(s.endsWait, endsWait, "ends a wait");
      assert.equal(s.refusesChanges, refuses, "refuses changes");
      assert.equal(s.isStopped, stopped, "stopped");
      assert.equal(s.isGoingAway, goingAway, "going away");
      assert.equal(s.isFailed, failed, "failed");
      assert.equal(s.isStorageFull, status === "storage-full", "storage-full");
      assert.equal(FAILED_STATUSES.includes(status), failed, "FAILED_STATUSES");
    }
  });

  test(`status ${status}: the stability verdict agrees with the classification`, () => {
    const verdict = checkStability({ DBInstanceStatus: status }, []).state;
    const expected =
      endsWait || status === "storage-full" ? "failed" : settled ? "stable" : "waiting";
    assert.equal(verdict, expected);
  });

  if (endsWait || refuses || status === "storage-full") {
    test(`status ${status} comes with advice a person can act on`, () => {
      const advice = DbStatus.of(status).advice("orders-db");
      assert.ok(advice.length > 40, advice);
      assert.equal(failedStatusAdvice(status, "orders-db"), advice);
      assert.doesNotMatch(advice, /<id>/);
    });
  }
}

test("an undocumented status reads as transitional: apply waits rather than acts", () => {
  const s = DbStatus.of("some-new-status");
  assert.equal(s.isKnown, false);
  assert.equal(s.isTransitional, true);
  assert.equal(s.isReadyForCalls, false);
  assert.equal(s.refusesChanges, false);
  assert.equal(s.endsWait, false);
  assert.match(s.advice(), /status some-new-status/);
  assert.match(s.advice(), /RDS events/);
});

test("no status reported is no status", () => {
  assert.equal(DbStatus.of(undefined), undefined);
});

test("the named statuses are the ones RDS spells", () => {
  assert.equal(DbStatus.AVAILABLE, "available");
  assert.equal(DbStatus.CREATING, "creating");
  assert.equal(DbStatus.of(DbStatus.AVAILABLE).isAvailable, true);
  assert.equal(DbStatus.of(DbStatus.CREATING).isTransitional, true);
});

test("membership statuses: a change still being applied, or settled", () => {
  for (const s of [
    "applying",
    "adding",
    "removing",
    "pending-apply",
    "pending-removal",
    "ADDING",
  ]) {
    assert.equal(membershipIsChanging(s), true, s);
  }
  for (const s of ["in-sync", "active", "pending-reboot", "failed", "inactive"]) {
    assert.equal(membershipIsChanging(s), false, s);
  }
});
