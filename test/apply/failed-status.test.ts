import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProgressEvent } from "../../src/apply/types.js";
import { ApplyFailedError, InstanceFailedError } from "../../src/errors.js";
import { failedStatusAdvice } from "../../src/plan/db-status.js";
import type { WaitOptions } from "../../src/spec/types.js";
import { applySpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { MUTATING_ACTIONS, suiteEmulator } from "../helpers/emulator.js";

/**
 * A failed status reached while apply waits ends the wait at once: the
 * emulator is told to turn the instance `failed` or `incompatible-parameters`
 * part-way through the create or modify apply just sent, and apply must stop
 * on the next poll with InstanceFailedError instead of polling on until the
 * timeout.
 */

/** What the advice for each status must say: the concrete way out. */
const ADVICE_MARK: Record<string, RegExp> = {
  failed: /restore .* into a new instance/,
  "incompatible-parameters":
    /parameter group.*reboot-db-instance --db-instance-identifier (create|modify)-/,
};

/** Polls at 1, 3, 7, 15... emulator seconds after the call; an hour before timing out. */
const WAIT: WaitOptions = { delaySeconds: 1, maxDelaySeconds: 30, timeoutSeconds: 3600 };

/**
 * When the status turns, after the call: during `creating` (0-4 s) for a
 * create, during `modifying` (0.5-3.5 s) for a modify; either way after at
 * least one poll has seen the instance still busy.
 */
const FAULT_AFTER_MS = { create: 3500, modify: 2500 } as const;

describe("apply stops waiting at once on a failed status", () => {
  const t = suiteEmulator();
  const conn: WorkflowConnection = { region: "us-east-1", apiFactory: () => t.api };

  for (const call of ["create", "modify"] as const) {
    for (const status of ["failed", "incompatible-parameters"]) {
      it(`after a ${call}, status ${status}: InstanceFailedError on the next poll, nothing after`, async () => {
        const id = `${call}-${status}`.slice(0, 40);
        if (call === "modify") {
          await applySpec(specOf(desiredInstance(id, {}, { wait: WAIT })), conn, t.clock);
        }
        const spec = specOf(
          desiredInstance(id, call === "modify" ? { DBInstanceClass: "db.t3.small" } : {}, {
            applyImmediately: true,
            wait: WAIT,
          }),
        );
        t.emulator.clearRequestLog();
        let faultAt: number | undefined;
        const events: ProgressEvent[] = [];
        const onProgress = (e: ProgressEvent) => {
          events.push(e);
          if (e.type === "call-done" && e.call === call) {
            // The operator's fault, scheduled on the emulator clock from the moment the call was answered.
            faultAt = t.emulator.now() + FAULT_AFTER_MS[call];
            t.emulator.setInstanceStatus(id, status, { afterMs: FAULT_AFTER_MS[call] });
          }
        };

        const thrown = await applySpec(spec, conn, { ...t.clock, onProgress }).then(
          () => assert.fail("apply must fail"),
          (e: unknown) => e,
        );

        assert.ok(thrown instanceof ApplyFailedError, `got ${String(thrown)}`);
        assert.equal(thrown.errors.length, 1);
        const err = thrown.errors[0];
        assert.ok(err instanceof InstanceFailedError, `got ${String(err)}`);
        assert.deepEqual(
          thrown.result.instances.map((i) => [i.id, i.outcome, i.calls]),
          [[id, "failed", [call]]],
          "the call that went out is reported with the failure",
        );
        assert.equal(err.instanceId, id);
        assert.equal(err.status, status);
        // What to do, for this status and this instance, rather than a generic "ask for help".
        assert.equal(err.message, `${id}: status is ${status}: ${failedStatusAdvice(status, id)}`);
        assert.match(err.message, ADVICE_MARK[status] ?? /^$/);
        assert.doesNotMatch(err.message, /needs attention in the RDS console/);

        assert.ok(faultAt !== undefined, `the ${call} was sent`);
        const log = t.emulator.requestLog();
        const mutating = log.filter((e) => MUTATING_ACTIONS.has(e.action)).map((e) => e.action);
        assert.deepEqual(mutating, [call === "create" ? "CreateDBInstance" : "ModifyDBInstance"]);
        const sent = log.findIndex((e) => MUTATING_ACTIONS.has(e.action));
        const polls = log.slice(sent + 1);
        assert.ok(polls.length >= 2, "the wait polled while the instance was still busy");
        const afterFault = polls.filter((e) => Date.parse(e.time) >= faultAt!);
        assert.equal(afterFault.length, 1, "exactly one poll saw the failure; none followed it");
        assert.equal(afterFault[0], log[log.length - 1]);
        assert.equal(afterFault[0]?.action, "DescribeDBInstances");
        assert.equal(
          t.emulator.now(),
          Date.parse(afterFault[0]!.time),
          "no sleep after the poll that saw the failure (no waiting out the timeout)",
        );
        assert.ok(t.emulator.now() - faultAt! < WAIT.maxDelaySeconds * 1000);

        const waiting = events.filter((e) => e.type === "waiting" && e.id === id);
        assert.ok(waiting.length >= 1, "progress showed the wait before the failure");
        assert.ok(
          waiting.every((e) => e.type === "waiting" && e.status !== status),
          "the failed status ends the wait rather than being reported as more waiting",
        );
        assert.equal(
          events.some((e) => e.type === "stable" || e.type === "instance-done"),
          false,
        );
      });
    }
  }
});
