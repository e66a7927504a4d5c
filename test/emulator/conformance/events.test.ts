import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DescribeEventsCommand } from "@aws-sdk/client-rds";
import { suiteHarness } from "../_harness.js";

/*
 * DescribeEvents, rule by rule, each test titled with the AWS documentation it
 * comes from. Also covered elsewhere: the events of a maintenance window and
 * of injected statuses (modify.test.ts, injected-status.test.ts).
 */
describe("DescribeEvents conformance", () => {
  const h = suiteHarness();

  it("DescribeEvents API reference, Duration and StartTime: by default the past hour; lifecycle events with their categories and source ARN", async () => {
    await h.createAvailable("evented");
    const out = await h.rds.send(
      new DescribeEventsCommand({ SourceIdentifier: "evented", SourceType: "db-instance" }),
    );
    const messages = out.Events!.map((e) => e.Message);
    assert.deepEqual(messages, [
      "DB instance is being created",
      "DB instance created",
      "Finished DB Instance backup",
    ]);
    assert.equal(out.Events?.[0]?.SourceArn, "arn:aws:rds:us-east-1:123456789012:db:evented");
    assert.ok(out.Events?.[0]?.Date instanceof Date);
    assert.deepEqual(out.Events?.[1]?.EventCategories, ["creation"]);
    h.emu.advance(2 * 3600_000);
    const old = await h.rds.send(
      new DescribeEventsCommand({ SourceIdentifier: "evented", SourceType: "db-instance" }),
    );
    assert.deepEqual(old.Events, []);
    const wide = await h.rds.send(
      new DescribeEventsCommand({
        SourceIdentifier: "evented",
        SourceType: "db-instance",
        Duration: 180,
      }),
    );
    assert.equal(wide.Events?.length, 3);
  });
});
