import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand, type ModifyDBInstanceCommandInput } from "@aws-sdk/client-rds";
import { CREATE_MS, createInput, rejectsWith, suiteHarness } from "./_harness.js";

/** Create parameters that come back in DescribeDBInstances, or are refused, never dropped. */
describe("create settings reported back", () => {
  const h = suiteHarness();

  let n = 0;
  const create = async (extra: Record<string, unknown> = {}, engine = "postgres") => {
    n += 1;
    const id = `cs-${n}`;
    const input =
      engine === "postgres"
        ? createInput(id, extra)
        : createInput(id, { Engine: engine, EngineVersion: undefined, ...extra });
    await h.rds.send(new CreateDBInstanceCommand(input as never));
    return id;
  };
  const get = (id: string) => h.instance(id);
  const modify = (id: string, input: Partial<ModifyDBInstanceCommandInput>) => h.modify(id, input);

  it("defaults of a plain instance: lifecycle, insights mode, log volume, backup target, CoIP, multi-tenant", async () => {
    const d = await get(await create());
    assert.equal(d.EngineLifecycleSupport, "open-source-rds-extended-support");
    assert.equal(d.DatabaseInsightsMode, "standard");
    assert.equal(d.DedicatedLogVolume, false);
    assert.equal(d.BackupTarget, "region");
    assert.equal(d.CustomerOwnedIpEnabled, false);
    assert.equal(d.MultiTenant, false);
    assert.equal(d.EnhancedMonitoringResourceArn, undefined);
  });

  it("EngineLifecycleSupport is reported as sent, MySQL and PostgreSQL only, and modifiable now", async () => {
    const id = await create({
      EngineLifecycleSupport: "open-source-rds-extended-support-disabled",
    });
    assert.equal(
      (await get(id)).EngineLifecycleSupport,
      "open-source-rds-extended-support-disabled",
    );
    const maria = await create({}, "mariadb");
    assert.equal((await get(maria)).EngineLifecycleSupport, undefined);
    await rejectsWith(
      create({ EngineLifecycleSupport: "open-source-rds-extended-support" }, "mariadb"),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(create({ EngineLifecycleSupport: "forever" }), "InvalidParameterValue", 400);
    h.emu.advance(CREATE_MS);
    const out = (await modify(id, { EngineLifecycleSupport: "open-source-rds-extended-support" }))
      .DBInstance!;
    assert.equal(out.EngineLifecycleSupport, "open-source-rds-extended-support");
    assert.equal(out.PendingModifiedValues, undefined);
  });

  it("DatabaseInsightsMode advanced needs Performance Insights kept 465 days", async () => {
    await rejectsWith(
      create({ DatabaseInsightsMode: "advanced" }),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      create({
        DatabaseInsightsMode: "advanced",
        EnablePerformanceInsights: true,
        PerformanceInsightsRetentionPeriod: 7,
      }),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(create({ DatabaseInsightsMode: "extreme" }), "InvalidParameterValue", 400);
    const id = await create({
      DatabaseInsightsMode: "advanced",
      EnablePerformanceInsights: true,
      PerformanceInsightsRetentionPeriod: 465,
    });
    assert.equal((await get(id)).DatabaseInsightsMode, "advanced");
    h.emu.advance(CREATE_MS);
    await rejectsWith(
      modify(id, { EnablePerformanceInsights: false }),
      "InvalidParameterCombination",
      400,
    );
    await modify(id, { DatabaseInsightsMode: "standard" });
    assert.equal((await get(id)).DatabaseInsightsMode, "standard");
  });

  it("DedicatedLogVolume is reported, and a change waits in PendingModifiedValues", async () => {
    const on = await create({ DedicatedLogVolume: true });
    assert.equal((await get(on)).DedicatedLogVolume, true);
    const off = await create();
    h.emu.advance(CREATE_MS);
    const out = (await modify(off, { DedicatedLogVolume: true })).DBInstance!;
    assert.equal(out.DedicatedLogVolume, false);
    assert.equal(out.PendingModifiedValues?.DedicatedLogVolume, true);
    h.emu.runMaintenanceWindow();
    const done = await get(off);
    assert.equal(done.DedicatedLogVolume, true);
    assert.equal(done.PendingModifiedValues, undefined);
  });

  it("Enhanced Monitoring reports its log stream ARN while the interval is above 0", async () => {
    const id = await create({
      MonitoringInterval: 60,
      MonitoringRoleArn: "arn:aws:iam::123456789012:role/rds-monitoring",
    });
    const d = await get(id);
    assert.equal(
      d.EnhancedMonitoringResourceArn,
      `arn:aws:logs:us-east-1:123456789012:log-group:RDSOSMetrics:log-stream:${d.DbiResourceId}`,
    );
  });

  it("modify refuses an engine or license change, and a new key for a managed secret", async () => {
    const id = await create({ ManageMasterUserPassword: true, MasterUserPassword: undefined });
    h.emu.advance(CREATE_MS);
    await rejectsWith(modify(id, { Engine: "mysql" }), "InvalidParameterCombination", 400);
    await rejectsWith(
      modify(id, { LicenseModel: "license-included" }),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      modify(id, { MasterUserSecretKmsKeyId: "alias/other" }),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(modify(id, { ReplicaMode: "mounted" }), "InvalidParameterCombination", 400);
    const d = await get(id);
    assert.equal(d.PendingModifiedValues, undefined);
    // The same key is no change, not a refusal.
    const out = (
      await modify(id, {
        MasterUserSecretKmsKeyId: d.MasterUserSecret!.KmsKeyId,
        DeletionProtection: true,
      })
    ).DBInstance!;
    assert.equal(out.MasterUserSecret?.KmsKeyId, d.MasterUserSecret!.KmsKeyId);
  });

  it("settings of engines, platforms or deployments not modelled are refused, not dropped", async () => {
    for (const extra of [
      { CharacterSetName: "AL32UTF8" },
      { NcharCharacterSetName: "AL16UTF16" },
      { Timezone: "UTC" },
      { PromotionTier: 1 },
      { DomainFqdn: "corp.example.com", DomainOu: "OU=db,DC=corp,DC=example,DC=com" },
      { DomainDnsIps: ["10.0.0.2", "10.0.0.3"] },
      { DBSecurityGroups: ["legacy"] },
      { MultiTenant: true },
      { EnableCustomerOwnedIp: true },
      { BackupTarget: "outposts" },
      { DBClusterIdentifier: "aurora-1" },
    ]) {
      await rejectsWith(create(extra), "InvalidParameterCombination", 400);
    }
    // The off values and empty lists ask for nothing unusual.
    const id = await create({
      MultiTenant: false,
      EnableCustomerOwnedIp: false,
      DBSecurityGroups: [],
    });
    assert.equal((await get(id)).MultiTenant, false);
  });
});
