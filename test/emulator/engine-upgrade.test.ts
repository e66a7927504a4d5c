import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import {
  CreateDBInstanceReadReplicaCommand,
  CreateDBParameterGroupCommand,
  DescribeDBEngineVersionsCommand,
  DescribeEventsCommand,
  ModifyDBInstanceCommand,
} from "@aws-sdk/client-rds";
import { CREATE_MS, rejectsWith, SIGNED, suiteHarness } from "./_harness.js";

/*
 * Engine upgrades and read replicas, per engine (docs/emulator.md, "Engine
 * upgrades"): PostgreSQL upgrades in-Region replicas with their source and
 * refuses a replica on its own or a source with a cross-Region replica;
 * MySQL and MariaDB refuse the source while a replica runs an older version.
 * Requests are raw signed Query API calls, except the one test that goes
 * through the SDK client.
 */

type Params = Record<string, string | number | boolean>;

function auth(region: string | undefined): Record<string, string> {
  if (region === undefined) return SIGNED;
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/${region}/rds/aws4_request, SignedHeaders=host, Signature=0`,
  };
}

async function call(
  url: string,
  action: string,
  params: Params,
  region?: string,
): Promise<{ status: number; text: string }> {
  const body = new URLSearchParams({ Action: action, Version: "2014-10-31" });
  for (const [k, v] of Object.entries(params)) body.set(k, String(v));
  const res = await fetch(`${url}/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...auth(region) },
    body: body.toString(),
  });
  return { status: res.status, text: await res.text() };
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Every value of an element, in document order. */
function all(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) =>
    unescapeXml(m[1]!),
  );
}

function first(xml: string, name: string): string | undefined {
  return all(xml, name)[0];
}

interface View {
  status: string;
  version: string;
  pendingVersion: string | undefined;
  group: string;
  applyStatus: string;
  optionGroups: string[];
  source: string | undefined;
  replicas: string[];
}

describe("engine upgrades and read replicas", () => {
  const h = suiteHarness();
  beforeEach(() => h.emu.reset());

  const ok = async (action: string, params: Params, region?: string): Promise<string> => {
    const res = await call(h.emu.url, action, params, region);
    assert.equal(res.status, 200, `${action}: ${res.text}`);
    return res.text;
  };
  /** The call is refused with this code and HTTP 400; returns the message. */
  const refused = async (
    action: string,
    params: Params,
    code: string,
    region?: string,
  ): Promise<string> => {
    const res = await call(h.emu.url, action, params, region);
    assert.equal(res.status, 400, `${action} was not refused: ${res.text}`);
    assert.equal(first(res.text, "Code"), code, res.text);
    return first(res.text, "Message") ?? "";
  };
  const view = async (id: string, region?: string): Promise<View> => {
    const xml = await ok("DescribeDBInstances", { DBInstanceIdentifier: id }, region);
    const pending = /<PendingModifiedValues>(.*?)<\/PendingModifiedValues>/.exec(xml)?.[1];
    const rest = xml.replace(/<PendingModifiedValues>.*?<\/PendingModifiedValues>/, "");
    const groups = /<OptionGroupMemberships>(.*?)<\/OptionGroupMemberships>/.exec(rest)?.[1] ?? "";
    const replicas =
      /<ReadReplicaDBInstanceIdentifiers>(.*?)<\/ReadReplicaDBInstanceIdentifiers>/.exec(
        rest,
      )?.[1] ?? "";
    return {
      status: first(rest, "DBInstanceStatus")!,
      version: first(rest, "EngineVersion")!,
      pendingVersion: pending === undefined ? undefined : first(pending, "EngineVersion"),
      group: first(rest, "DBParameterGroupName")!,
      applyStatus: first(rest, "ParameterApplyStatus")!,
      optionGroups: all(groups, "OptionGroupName"),
      source: first(rest, "ReadReplicaSourceDBInstanceIdentifier"),
      replicas: all(replicas, "ReadReplicaDBInstanceIdentifier"),
    };
  };
  const messages = async (id: string, region?: string): Promise<string[]> => {
    const xml = await ok(
      "DescribeEvents",
      { SourceType: "db-instance", SourceIdentifier: id, Duration: 600 },
      region,
    );
    return all(xml, "Message");
  };
  const create = async (id: string, extra: Params = {}) => {
    await ok("CreateDBInstance", {
      DBInstanceIdentifier: id,
      DBInstanceClass: "db.t3.micro",
      Engine: "postgres",
      EngineVersion: "16",
      AllocatedStorage: 20,
      MasterUsername: "appadmin",
      MasterUserPassword: "S3cret&Pass",
      ...extra,
    });
    h.emu.advance(CREATE_MS);
  };
  const replica = async (id: string, source: string, extra: Params = {}, region?: string) => {
    await ok(
      "CreateDBInstanceReadReplica",
      { DBInstanceIdentifier: id, SourceDBInstanceIdentifier: source, ...extra },
      region,
    );
    h.emu.advance(CREATE_MS);
  };
  const parameterGroup = (name: string, family: string) =>
    ok("CreateDBParameterGroup", {
      DBParameterGroupName: name,
      DBParameterGroupFamily: family,
      Description: name,
    });
  const modify = (id: string, params: Params) =>
    ok("ModifyDBInstance", { DBInstanceIdentifier: id, ...params });
  const MAJOR = { AllowMajorVersionUpgrade: true, ApplyImmediately: true };

  describe("PostgreSQL: in-Region replicas are upgraded with their source", () => {
    it("USER_UpgradeDBInstance.PostgreSQL.MajorVersion: one call on the source takes the replica along; both go upgrading, then available on 17, the replica's custom postgres16 group replaced by default.postgres17", async () => {
      await parameterGroup("app-pg16", "postgres16");
      await parameterGroup("app-pg17", "postgres17");
      await parameterGroup("rep-pg16", "postgres16");
      await create("orders", { DBParameterGroupName: "app-pg16" });
      await replica("orders-rep", "orders", { DBParameterGroupName: "rep-pg16" });
      const out = await modify("orders", {
        EngineVersion: "17",
        DBParameterGroupName: "app-pg17",
        ...MAJOR,
      });
      assert.equal(first(out, "EngineVersion"), "17.6", "pending in the answer");
      assert.equal((await view("orders-rep")).pendingVersion, "17.6");

      h.emu.advance(500);
      assert.equal((await view("orders")).status, "upgrading");
      assert.equal((await view("orders-rep")).status, "upgrading");

      h.emu.advance(3000);
      const src = await view("orders");
      const rep = await view("orders-rep");
      assert.deepEqual(
        [src.status, src.version, src.pendingVersion, src.group, src.applyStatus],
        ["available", "17.6", undefined, "app-pg17", "in-sync"],
      );
      assert.deepEqual(
        [rep.status, rep.version, rep.pendingVersion, rep.group, rep.applyStatus],
        ["available", "17.6", undefined, "default.postgres17", "in-sync"],
      );
      assert.deepEqual(rep.optionGroups, ["default:postgres-17"]);
      assert.equal(rep.source, "orders", "still a replica of its source");
      assert.deepEqual(src.replicas, ["orders-rep"]);

      for (const id of ["orders", "orders-rep"]) {
        const ms = await messages(id);
        const started = ms.indexOf("Database instance engine version upgrade started");
        const finished = ms.indexOf(
          "Database instance engine version upgrade finished: postgres 16.10 to 17.6",
        );
        assert.ok(started >= 0 && finished > started, `${id}: ${ms.join(" | ")}`);
      }
    });

    it("a PostgreSQL minor upgrade: the source is refused while a replica runs an older minor; replicas first, then the source", async () => {
      await create("minor", { EngineVersion: "16.8" });
      await replica("minor-rep-a", "minor");
      await replica("minor-rep-b", "minor");
      const message = await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "minor", EngineVersion: "16.10", ApplyImmediately: true },
        "DBUpgradeDependencyFailure",
      );
      assert.equal(
        message,
        "One or more of the DB Instance's read replicas need to be upgraded: minor-rep-a, minor-rep-b",
      );
      assert.equal((await view("minor")).pendingVersion, undefined);
      for (const id of ["minor-rep-a", "minor-rep-b"]) {
        await modify(id, { EngineVersion: "16.10", ApplyImmediately: true });
      }
      h.emu.advance(500);
      assert.equal((await view("minor-rep-a")).status, "upgrading");
      assert.equal((await view("minor")).status, "available", "the source is not taken along");
      // A replica still upgrading counts as behind.
      await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "minor", EngineVersion: "16.10", ApplyImmediately: true },
        "DBUpgradeDependencyFailure",
      );
      h.emu.advance(3000);
      await modify("minor", { EngineVersion: "16.10", ApplyImmediately: true });
      h.emu.advance(3500);
      for (const id of ["minor", "minor-rep-a", "minor-rep-b"]) {
        const v = await view(id);
        assert.deepEqual(
          [v.status, v.version, v.group],
          ["available", "16.10", "default.postgres16"],
        );
      }
    });

    it("a PostgreSQL read replica can't be upgraded to a new major on its own: InvalidParameterCombination, nothing changes", async () => {
      await create("lone", { EngineVersion: "16.8" });
      await replica("lone-rep", "lone");
      for (const params of [{ EngineVersion: "17", ...MAJOR }] as Params[]) {
        const message = await refused(
          "ModifyDBInstance",
          { DBInstanceIdentifier: "lone-rep", ...params },
          "InvalidParameterCombination",
        );
        assert.match(
          message,
          /^DB instance lone-rep is a read replica of lone: a PostgreSQL read replica can't be upgraded to a new major version on its own; it is upgraded with its source instance\. Promote the read replica first/,
        );
      }
      const rep = await view("lone-rep");
      assert.deepEqual(
        [rep.status, rep.version, rep.pendingVersion],
        ["available", "16.8", undefined],
      );
      // Other changes to the replica are still accepted, a minor upgrade too.
      await modify("lone-rep", { DBInstanceClass: "db.t3.small" });
      h.emu.advance(3500);
      await modify("lone-rep", { EngineVersion: "16.10", ApplyImmediately: true });
      h.emu.advance(3500);
      assert.equal((await view("lone-rep")).version, "16.10");
    });

    it("a source with a cross-Region replica: the major upgrade is refused with DBUpgradeDependencyFailure naming it; a minor one waits for it too", async () => {
      await create("global", { EngineVersion: "16.8" });
      await replica("global-eu", "arn:aws:rds:us-east-1:123456789012:db:global", {}, "eu-west-1");
      await replica("global-local", "global");
      const message = await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "global", EngineVersion: "17", ...MAJOR },
        "DBUpgradeDependencyFailure",
      );
      assert.equal(
        message,
        "A major version upgrade of global doesn't upgrade its cross-Region read replicas: promote or delete them first, or recreate them after the upgrade: arn:aws:rds:eu-west-1:123456789012:db:global-eu",
      );
      assert.equal((await view("global")).pendingVersion, undefined);
      assert.equal((await view("global-local")).pendingVersion, undefined);

      const minor = await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "global", EngineVersion: "16.10", ApplyImmediately: true },
        "DBUpgradeDependencyFailure",
      );
      assert.match(minor, /^One or more of the DB Instance's read replicas need to be upgraded: /);
      assert.ok(minor.includes("global-local"), minor);
      assert.ok(minor.includes("arn:aws:rds:eu-west-1:123456789012:db:global-eu"), minor);
    });

    it("a queued upgrade applies in the maintenance window the same way: the replica follows, with the start and finish events", async () => {
      await parameterGroup("q-pg16", "postgres16");
      await create("queued");
      await replica("queued-rep", "queued", { DBParameterGroupName: "q-pg16" });
      await modify("queued", { EngineVersion: "17", AllowMajorVersionUpgrade: true });
      h.emu.advance(5000);
      assert.deepEqual(
        [(await view("queued")).status, (await view("queued")).pendingVersion],
        ["available", "17.6"],
      );
      assert.equal((await view("queued-rep")).version, "16.10", "nothing before the window");

      h.emu.runMaintenanceWindow();
      const src = await view("queued");
      const rep = await view("queued-rep");
      assert.deepEqual(
        [src.version, src.group, src.pendingVersion],
        ["17.6", "default.postgres17", undefined],
      );
      assert.deepEqual([rep.version, rep.group], ["17.6", "default.postgres17"]);
      for (const id of ["queued", "queued-rep"]) {
        const ms = await messages(id);
        assert.ok(ms.includes("Database instance engine version upgrade started"), id);
        assert.ok(
          ms.includes("Database instance engine version upgrade finished: postgres 16.10 to 17.6"),
          id,
        );
      }
    });

    it("a replica that is not available refuses its source's immediate upgrade (InvalidDBInstanceState), leaving both as they were", async () => {
      await create("busy");
      await ok("CreateDBInstanceReadReplica", {
        DBInstanceIdentifier: "busy-rep",
        SourceDBInstanceIdentifier: "busy",
      });
      const message = await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "busy", EngineVersion: "17", ...MAJOR },
        "InvalidDBInstanceState",
      );
      assert.match(
        message,
        /^Read replica busy-rep is in state creating; it is upgraded with its source busy/,
      );
      assert.equal((await view("busy")).pendingVersion, undefined);
      h.emu.advance(CREATE_MS);
      assert.equal((await view("busy-rep")).status, "available", "its creation went on");
    });
  });

  describe("MySQL and MariaDB: the read replicas are upgraded first", () => {
    const mysql = { Engine: "mysql", EngineVersion: "8.0.41" };

    it("USER_UpgradeDBInstance.MySQL: the source is refused while a replica is on 8.0; the replica upgrades alone, then the source", async () => {
      await create("shop", mysql);
      await replica("shop-rep", "shop");
      const message = await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "shop", EngineVersion: "8.4", ...MAJOR },
        "DBUpgradeDependencyFailure",
      );
      assert.equal(
        message,
        "One or more of the DB Instance's read replicas need to be upgraded: shop-rep",
      );
      assert.equal((await view("shop")).pendingVersion, undefined);

      await modify("shop-rep", { EngineVersion: "8.4", ...MAJOR });
      h.emu.advance(500);
      assert.equal((await view("shop-rep")).status, "upgrading");
      assert.equal((await view("shop")).status, "available", "the source is not touched");
      // While the replica is still upgrading it is not on 8.4 yet.
      await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "shop", EngineVersion: "8.4", ...MAJOR },
        "DBUpgradeDependencyFailure",
      );
      h.emu.advance(3000);
      const rep = await view("shop-rep");
      assert.deepEqual(
        [rep.status, rep.version, rep.group, rep.optionGroups],
        ["available", "8.4.6", "default.mysql8.4", ["default:mysql-8-4"]],
      );
      assert.equal(
        (await view("shop")).version,
        "8.0.41",
        "a replica may run newer than its source",
      );

      await modify("shop", { EngineVersion: "8.4", ...MAJOR });
      h.emu.advance(500);
      assert.equal((await view("shop")).status, "upgrading");
      assert.equal(
        (await view("shop-rep")).status,
        "available",
        "the replica is not upgraded again",
      );
      h.emu.advance(3000);
      const src = await view("shop");
      assert.deepEqual(
        [src.status, src.version, src.group],
        ["available", "8.4.6", "default.mysql8.4"],
      );
      assert.deepEqual(src.replicas, ["shop-rep"]);
      const ms = await messages("shop");
      assert.ok(
        ms.includes("Database instance engine version upgrade finished: mysql 8.0.41 to 8.4.6"),
      );
    });

    it("minor upgrades too; a replica already at or above the target does not block", async () => {
      await create("minor", mysql);
      await replica("minor-rep", "minor");
      const message = await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "minor", EngineVersion: "8.0.43", ApplyImmediately: true },
        "DBUpgradeDependencyFailure",
      );
      assert.equal(
        message,
        "One or more of the DB Instance's read replicas need to be upgraded: minor-rep",
      );
      await modify("minor-rep", { EngineVersion: "8.0.44", ApplyImmediately: true });
      h.emu.advance(3500);
      await modify("minor", { EngineVersion: "8.0.43", ApplyImmediately: true });
      h.emu.advance(3500);
      assert.equal((await view("minor")).version, "8.0.43");
      assert.equal((await view("minor-rep")).version, "8.0.44");
      // A queued upgrade is checked when it is asked for.
      await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "minor", EngineVersion: "8.4", AllowMajorVersionUpgrade: true },
        "DBUpgradeDependencyFailure",
      );
    });

    it("a cross-Region replica behind the target blocks the source too, named by its ARN", async () => {
      await create("world", mysql);
      await replica("world-eu", "arn:aws:rds:us-east-1:123456789012:db:world", {}, "eu-west-1");
      const message = await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "world", EngineVersion: "8.0.43", ApplyImmediately: true },
        "DBUpgradeDependencyFailure",
      );
      assert.equal(
        message,
        "One or more of the DB Instance's read replicas need to be upgraded: arn:aws:rds:eu-west-1:123456789012:db:world-eu",
      );
      await ok(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "world-eu", EngineVersion: "8.0.43", ApplyImmediately: true },
        "eu-west-1",
      );
      h.emu.advance(3500);
      await modify("world", { EngineVersion: "8.0.43", ApplyImmediately: true });
      h.emu.advance(3500);
      assert.equal((await view("world")).version, "8.0.43");
    });

    it("USER_UpgradeDBInstance.MariaDB: the same rule", async () => {
      await create("maria", { Engine: "mariadb", EngineVersion: "10.6" });
      await replica("maria-rep", "maria");
      await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "maria", EngineVersion: "10.11", ...MAJOR },
        "DBUpgradeDependencyFailure",
      );
      await modify("maria-rep", { EngineVersion: "10.11", ...MAJOR });
      h.emu.advance(3500);
      await modify("maria", { EngineVersion: "10.11", ...MAJOR });
      h.emu.advance(3500);
      assert.equal((await view("maria")).version, "10.11.13");
      assert.equal((await view("maria-rep")).version, "10.11.13");
    });

    it("a replica's own major upgrade follows the same rules: AllowMajorVersionUpgrade, and a new group for a custom one", async () => {
      await parameterGroup("rep-my80", "mysql8.0");
      await parameterGroup("rep-my84", "mysql8.4");
      await create("strict", mysql);
      await replica("strict-rep", "strict", { DBParameterGroupName: "rep-my80" });
      const flag = await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "strict-rep", EngineVersion: "8.4", ApplyImmediately: true },
        "InvalidParameterCombination",
      );
      assert.equal(
        flag,
        "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version.",
      );
      const group = await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "strict-rep", EngineVersion: "8.4", ...MAJOR },
        "InvalidParameterCombination",
      );
      assert.equal(
        group,
        "The current DB instance parameter group rep-my80 is custom. You must explicitly specify a new DB instance parameter group, either default or custom, for the engine version upgrade.",
      );
      await modify("strict-rep", {
        EngineVersion: "8.4",
        DBParameterGroupName: "rep-my84",
        ...MAJOR,
      });
      h.emu.advance(3500);
      const rep = await view("strict-rep");
      assert.deepEqual([rep.version, rep.group, rep.applyStatus], ["8.4.6", "rep-my84", "in-sync"]);
    });
  });

  describe("option groups on a major upgrade", () => {
    const option = (name: string, major: string) =>
      ok("CreateOptionGroup", {
        OptionGroupName: name,
        EngineName: "mysql",
        MajorEngineVersion: major,
        OptionGroupDescription: name,
      });

    it("a custom option group must be replaced in the same call, by one of the new major", async () => {
      await option("app-my80", "8.0");
      await option("app-my84", "8.4");
      await create("opt", {
        Engine: "mysql",
        EngineVersion: "8.0.41",
        OptionGroupName: "app-my80",
      });
      assert.deepEqual((await view("opt")).optionGroups, ["app-my80"]);
      const message = await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "opt", EngineVersion: "8.4", ...MAJOR },
        "InvalidParameterCombination",
      );
      assert.equal(
        message,
        "The current DB instance option group app-my80 is custom. You must explicitly specify a new DB instance option group, either default or custom, for the engine version upgrade.",
      );
      // A group named in the call is checked against the new major.
      const old = await refused(
        "ModifyDBInstance",
        {
          DBInstanceIdentifier: "opt",
          EngineVersion: "8.4",
          OptionGroupName: "app-my80",
          ...MAJOR,
        },
        "InvalidParameterCombination",
      );
      assert.equal(old, "Option group app-my80 is for mysql 8.0, not mysql 8.4.6.");
      assert.equal((await view("opt")).pendingVersion, undefined);

      await modify("opt", { EngineVersion: "8.4", OptionGroupName: "app-my84", ...MAJOR });
      h.emu.advance(3500);
      const done = await view("opt");
      assert.deepEqual([done.version, done.optionGroups], ["8.4.6", ["app-my84"]]);
    });

    it("a custom parameter group named in the call is checked against the new family", async () => {
      await parameterGroup("app-my80", "mysql8.0");
      await create("fam", {
        Engine: "mysql",
        EngineVersion: "8.0.41",
        DBParameterGroupName: "app-my80",
      });
      const message = await refused(
        "ModifyDBInstance",
        {
          DBInstanceIdentifier: "fam",
          EngineVersion: "8.4",
          DBParameterGroupName: "app-my80",
          ...MAJOR,
        },
        "InvalidParameterCombination",
      );
      assert.match(message, /mysql8\.4/);
      assert.equal((await view("fam")).group, "app-my80");
    });

    it("CreateOptionGroup refuses an unknown major, a taken name and a bad name", async () => {
      await option("taken", "8.0");
      await refused(
        "CreateOptionGroup",
        {
          OptionGroupName: "taken",
          EngineName: "mysql",
          MajorEngineVersion: "8.0",
          OptionGroupDescription: "x",
        },
        "OptionGroupAlreadyExistsFault",
      );
      await refused(
        "CreateOptionGroup",
        {
          OptionGroupName: "nine",
          EngineName: "mysql",
          MajorEngineVersion: "9.0",
          OptionGroupDescription: "x",
        },
        "InvalidParameterCombination",
      );
      await refused(
        "CreateOptionGroup",
        {
          OptionGroupName: "bad--name",
          EngineName: "mysql",
          MajorEngineVersion: "8.0",
          OptionGroupDescription: "x",
        },
        "InvalidParameterValue",
      );
      const listed = await ok("DescribeOptionGroups", { OptionGroupName: "taken" });
      assert.deepEqual(
        [first(listed, "EngineName"), first(listed, "MajorEngineVersion")],
        ["mysql", "8.0"],
      );
    });
  });

  describe("ValidUpgradeTarget and what ModifyDBInstance accepts", () => {
    /** Version -> its ValidUpgradeTarget versions, from DescribeDBEngineVersions. */
    const targets = async (engine: string): Promise<Map<string, string[]>> => {
      const xml = await ok("DescribeDBEngineVersions", { Engine: engine, MaxRecords: 100 });
      const out = new Map<string, string[]>();
      for (const m of xml.matchAll(/<DBEngineVersion>(.*?)<\/DBEngineVersion>/g)) {
        const body = m[1]!;
        const own = body.replace(/<ValidUpgradeTarget>.*?<\/ValidUpgradeTarget>/, "");
        const listed = /<ValidUpgradeTarget>(.*?)<\/ValidUpgradeTarget>/.exec(body)?.[1] ?? "";
        out.set(first(own, "EngineVersion")!, all(listed, "EngineVersion"));
      }
      return out;
    };

    it("lists newer minors of the same major and every minor of the majors it upgrades to", async () => {
      const pg = await targets("postgres");
      assert.deepEqual(pg.get("16.10"), ["16.11", "17.2", "17.4", "17.5", "17.6", "17.7"]);
      assert.deepEqual(pg.get("17.7"), []);
      assert.deepEqual(
        pg.get("13.23")?.filter((v) => v.startsWith("13.")),
        [],
      );
      assert.equal(pg.get("13.23")?.filter((v) => v.startsWith("17.")).length, 5);
      const my = await targets("mysql");
      assert.deepEqual(my.get("8.0.43"), ["8.0.44", "8.4.3", "8.4.4", "8.4.5", "8.4.6", "8.4.7"]);
      const maria = await targets("mariadb");
      assert.deepEqual(maria.get("10.11.14")?.length, 5);
      assert.ok(
        maria.get("10.6.19")?.includes("10.11.9") && maria.get("10.6.19")?.includes("11.4.8"),
      );
    });

    it("accepts exactly the listed targets: every other version of the engine is refused with RDS's wording", async () => {
      for (const [engine, from] of [
        ["postgres", "15.12"],
        ["mysql", "8.0.41"],
        ["mariadb", "10.11.10"],
      ] as const) {
        const listed = await targets(engine);
        const valid = listed.get(from)!;
        const id = `vt-${engine}`;
        await create(id, { Engine: engine, EngineVersion: from });
        for (const version of listed.keys()) {
          if (version === from) continue;
          const params = {
            DBInstanceIdentifier: id,
            EngineVersion: version,
            AllowMajorVersionUpgrade: true,
          };
          if (valid.includes(version)) {
            const out = await ok("ModifyDBInstance", params);
            assert.equal(
              (
                /<PendingModifiedValues>(.*?)<\/PendingModifiedValues>/.exec(out)?.[1] ?? ""
              ).includes(`<EngineVersion>${version}</EngineVersion>`),
              true,
              version,
            );
            // Sending the current version cancels the queued one.
            await modify(id, { EngineVersion: from });
            assert.equal((await view(id)).pendingVersion, undefined);
          } else {
            const message = await refused(
              "ModifyDBInstance",
              params,
              "InvalidParameterCombination",
            );
            assert.equal(message, `Cannot upgrade ${engine} from ${from} to ${version}`);
          }
        }
      }
      const unknown = await refused(
        "ModifyDBInstance",
        { DBInstanceIdentifier: "vt-postgres", EngineVersion: "15.99" },
        "InvalidParameterCombination",
      );
      assert.equal(unknown, "Cannot find version 15.99 for postgres");
    });
  });

  it("through the SDK client: the replica follows its PostgreSQL source, DescribeEvents reports both, the dependency error has its code", async () => {
    await h.rds.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: "sdk-pg17",
        DBParameterGroupFamily: "postgres17",
        Description: "sdk",
      }),
    );
    await h.createAvailable("sdk-src");
    await h.rds.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: "sdk-rep",
        SourceDBInstanceIdentifier: "sdk-src",
      }),
    );
    h.emu.advance(CREATE_MS);
    const versions = await h.rds.send(
      new DescribeDBEngineVersionsCommand({ Engine: "postgres", EngineVersion: "16.10" }),
    );
    const valid = versions.DBEngineVersions?.[0]?.ValidUpgradeTarget ?? [];
    assert.ok(valid.some((t) => t.EngineVersion === "17.6" && t.IsMajorVersionUpgrade === true));

    await rejectsWith(
      h.rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: "sdk-rep",
          EngineVersion: "17.6",
          AllowMajorVersionUpgrade: true,
          ApplyImmediately: true,
        }),
      ),
      "InvalidParameterCombination",
      400,
    );
    await h.modify("sdk-src", {
      EngineVersion: "17.6",
      AllowMajorVersionUpgrade: true,
      DBParameterGroupName: "sdk-pg17",
      ApplyImmediately: true,
    });
    h.emu.advance(500);
    assert.equal((await h.instance("sdk-rep")).DBInstanceStatus, "upgrading");
    h.emu.advance(3000);
    const src = await h.instance("sdk-src");
    const rep = await h.instance("sdk-rep");
    assert.deepEqual(
      [src.DBInstanceStatus, src.EngineVersion, src.DBParameterGroups?.[0]?.DBParameterGroupName],
      ["available", "17.6", "sdk-pg17"],
    );
    assert.deepEqual(
      [rep.DBInstanceStatus, rep.EngineVersion, rep.DBParameterGroups?.[0]?.DBParameterGroupName],
      ["available", "17.6", "default.postgres17"],
    );
    const events = await h.rds.send(
      new DescribeEventsCommand({
        SourceType: "db-instance",
        SourceIdentifier: "sdk-rep",
        Duration: 60,
      }),
    );
    const ms = (events.Events ?? []).map((e) => e.Message);
    assert.ok(ms.includes("Database instance engine version upgrade started"), ms.join(" | "));
    assert.ok(
      ms.includes("Database instance engine version upgrade finished: postgres 16.10 to 17.6"),
    );

    await h.createAvailable("sdk-my", { Engine: "mysql", EngineVersion: "8.0.41" });
    await h.rds.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: "sdk-my-rep",
        SourceDBInstanceIdentifier: "sdk-my",
      }),
    );
    h.emu.advance(CREATE_MS);
    const e = await rejectsWith(
      h.modify("sdk-my", { EngineVersion: "8.0.43", ApplyImmediately: true }),
      "DBUpgradeDependencyFailure",
      400,
    );
    assert.equal(
      e.message,
      "One or more of the DB Instance's read replicas need to be upgraded: sdk-my-rep",
    );
  });
});
