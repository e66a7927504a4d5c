import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  CreateDBParameterGroupCommand,
  DeleteDBParameterGroupCommand,
  DescribeDBParametersCommand,
  DescribeEngineDefaultParametersCommand,
  ListTagsForResourceCommand,
  ModifyDBParameterGroupCommand,
  type Parameter,
  RebootDBInstanceCommand,
  RemoveTagsFromResourceCommand,
  ResetDBParameterGroupCommand,
  StartDBInstanceCommand,
  StopDBInstanceCommand,
} from "@aws-sdk/client-rds";
import { client, harness, rejectsWith, suiteHarness, suiteTempDir } from "../_harness.js";

/*
 * The parameters inside DB parameter groups, rule by rule, each test titled
 * with the AWS documentation it comes from. Also covered elsewhere: creating
 * and deleting groups (groups.test.ts), the catalogue of each family
 * (../parameter-catalogue.test.ts), a group's family on modify and upgrade
 * (../modify.test.ts, ../major-upgrade.test.ts).
 */

/** Emulator time that lets a dynamic change settle (`applying` to `in-sync`). */
const APPLY_MS = 1000;
/** Emulator time of a reboot. */
const REBOOT_MS = 2000;
/** Emulator time of a stop and of a start. */
const STOP_MS = 2000;
const START_MS = 3000;

function set(name: string, value: string, method: "immediate" | "pending-reboot"): Parameter {
  return { ParameterName: name, ParameterValue: value, ApplyMethod: method };
}

describe("DB parameter groups: ModifyDBParameterGroup, ResetDBParameterGroup, DescribeDBParameters", () => {
  const h = suiteHarness();
  let n = 0;
  async function group(family = "postgres16"): Promise<string> {
    n += 1;
    const name = `pg-${n}`;
    await h.rds.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: name,
        DBParameterGroupFamily: family,
        Description: `group ${n}`,
      }),
    );
    return name;
  }
  async function userParams(name: string): Promise<Parameter[]> {
    const out: Parameter[] = [];
    let Marker: string | undefined;
    do {
      const page = await h.rds.send(
        new DescribeDBParametersCommand({ DBParameterGroupName: name, Source: "user", Marker }),
      );
      out.push(...(page.Parameters ?? []));
      Marker = page.Marker;
    } while (Marker);
    return out;
  }
  const modify = (name: string, Parameters: Parameter[]) =>
    h.rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: name, Parameters }));

  it("ModifyDBParameterGroup and DescribeDBParameters API references: values set by a user read back with Source user, their ApplyMethod, ApplyType, DataType, AllowedValues", async () => {
    const g = await group();
    const out = await modify(g, [
      set("work_mem", "8192", "immediate"),
      set("shared_buffers", "{DBInstanceClassMemory/16384}", "pending-reboot"),
      set("log_min_duration_statement", "500", "pending-reboot"),
      set("rds.force_ssl", "1", "immediate"),
    ]);
    assert.equal(out.DBParameterGroupName, g);
    const user = await userParams(g);
    assert.deepEqual(
      user.map((p) => [p.ParameterName, p.ParameterValue, p.ApplyMethod, p.Source]),
      [
        ["log_min_duration_statement", "500", "pending-reboot", "user"],
        ["rds.force_ssl", "1", "immediate", "user"],
        ["shared_buffers", "{DBInstanceClassMemory/16384}", "pending-reboot", "user"],
        ["work_mem", "8192", "immediate", "user"],
      ],
    );
    const sb = user.find((p) => p.ParameterName === "shared_buffers")!;
    assert.equal(sb.ApplyType, "static");
    assert.equal(sb.DataType, "integer");
    assert.equal(sb.IsModifiable, true);
    assert.match(sb.AllowedValues!, /^\d+-\d+$/);
    assert.ok(sb.Description && sb.Description.length > 0);
    assert.match(sb.MinimumEngineVersion!, /^\d+\.\d+$/);
    // A second call replaces the value.
    await modify(g, [set("work_mem", "16384", "immediate")]);
    const again = await userParams(g);
    assert.equal(again.find((p) => p.ParameterName === "work_mem")?.ParameterValue, "16384");
  });

  it("ModifyDBParameterGroup API reference (a maximum of 20 parameters a request; the immediate method only for dynamic parameters) and Working with parameter groups (default groups cannot be modified): refused requests set nothing", async () => {
    const g = await group();
    const many = Array.from({ length: 21 }, (_, i) =>
      set(i % 2 ? "work_mem" : "statement_timeout", String(1000 + i), "immediate"),
    );
    const tooMany = await rejectsWith(modify(g, many), "InvalidParameterCombination", 400);
    assert.equal(tooMany.message, "Cannot modify more than 20 parameters in a single request");
    const unknown = await rejectsWith(
      modify(g, [set("work_mem", "8192", "immediate"), set("wrok_mem", "1", "immediate")]),
      "InvalidParameterValue",
      400,
    );
    assert.equal(unknown.message, "Could not find parameter with name: wrok_mem");
    const range = await rejectsWith(
      modify(g, [set("max_connections", "0", "pending-reboot")]),
      "InvalidParameterValue",
      400,
    );
    assert.equal(
      range.message,
      "Invalid parameter value: 0 for: max_connections allowed values are: 1-262143",
    );
    // A formula is written in braces, as RDS requires.
    await rejectsWith(
      modify(g, [set("work_mem", "DBInstanceClassMemory/13212024", "immediate")]),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      modify(g, [set("work_mem", "lots", "immediate")]),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      modify(g, [set("random_page_cost", "cheap", "immediate")]),
      "InvalidParameterValue",
      400,
    );
    const bool = await rejectsWith(
      modify(g, [set("rds.logical_replication", "2", "pending-reboot")]),
      "InvalidParameterValue",
      400,
    );
    assert.equal(
      bool.message,
      "Invalid parameter value: 2 for: rds.logical_replication allowed values are: 0,1",
    );
    await rejectsWith(
      modify(g, [set("log_statement", "everything", "immediate")]),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      modify(g, [
        set("shared_preload_libraries", "pg_stat_statements,not_a_lib", "pending-reboot"),
      ]),
      "InvalidParameterValue",
      400,
    );
    const fixed = await rejectsWith(
      modify(g, [set("port", "5433", "pending-reboot")]),
      "InvalidParameterValue",
      400,
    );
    assert.equal(fixed.message, "The parameter port cannot be modified.");
    const immediate = await rejectsWith(
      modify(g, [set("shared_buffers", "65536", "immediate")]),
      "InvalidParameterCombination",
      400,
    );
    assert.equal(immediate.message, "cannot use immediate apply method for static parameter");
    const def = await rejectsWith(
      modify("default.postgres16", [set("work_mem", "8192", "immediate")]),
      "InvalidParameterValue",
      400,
    );
    assert.equal(def.message, "Cannot modify a default parameter group.");
    await rejectsWith(
      modify("no-such-group", [set("work_mem", "8192", "immediate")]),
      "DBParameterGroupNotFound",
      404,
    );
    assert.deepEqual(await userParams(g), []);
    // Exactly 20 is allowed; list values in the allowed list are.
    await modify(
      g,
      Array.from({ length: 20 }, (_, i) => set("work_mem", String(4096 + i), "immediate")),
    );
    await modify(g, [
      set("shared_preload_libraries", "pg_stat_statements,pg_cron", "pending-reboot"),
      set("log_statement", "ddl", "immediate"),
    ]);
    assert.equal((await userParams(g)).length, 3);
  });

  it("Parameters for MySQL, MariaDB parameters (RDS User Guide): each engine's variables, checked against their own types", async () => {
    const my = await group("mysql8.0");
    await modify(my, [
      set("long_query_time", "0.5", "immediate"),
      set("slow_query_log", "1", "immediate"),
      set("innodb_log_buffer_size", "16777216", "pending-reboot"),
      set("sql_mode", "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION", "immediate"),
    ]);
    assert.equal((await userParams(my)).length, 4);
    await rejectsWith(
      modify(my, [set("work_mem", "8192", "immediate")]),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      modify(my, [set("max_connections", "5.5", "immediate")]),
      "InvalidParameterValue",
      400,
    );
    const maria = await group("mariadb10.11");
    await modify(maria, [set("max_statement_time", "30", "immediate")]);
    await rejectsWith(
      modify(maria, [set("max_execution_time", "30", "immediate")]),
      "InvalidParameterValue",
      400,
    );
  });

  it("ResetDBParameterGroup API reference: ResetAllParameters or a list of parameters with their apply method; static ones need pending-reboot", async () => {
    const g = await group();
    await modify(g, [
      set("work_mem", "8192", "immediate"),
      set("statement_timeout", "60000", "immediate"),
      set("shared_buffers", "65536", "pending-reboot"),
    ]);
    const immediate = await rejectsWith(
      h.rds.send(
        new ResetDBParameterGroupCommand({
          DBParameterGroupName: g,
          Parameters: [{ ParameterName: "shared_buffers", ApplyMethod: "immediate" }],
        }),
      ),
      "InvalidParameterCombination",
      400,
    );
    assert.equal(immediate.message, "cannot use immediate apply method for static parameter");
    await h.rds.send(
      new ResetDBParameterGroupCommand({
        DBParameterGroupName: g,
        Parameters: [
          { ParameterName: "shared_buffers", ApplyMethod: "pending-reboot" },
          { ParameterName: "work_mem", ApplyMethod: "immediate" },
        ],
      }),
    );
    assert.deepEqual(
      (await userParams(g)).map((p) => p.ParameterName),
      ["statement_timeout"],
    );
    await rejectsWith(
      h.rds.send(
        new ResetDBParameterGroupCommand({
          DBParameterGroupName: g,
          Parameters: [{ ParameterName: "nope", ApplyMethod: "immediate" }],
        }),
      ),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      h.rds.send(
        new ResetDBParameterGroupCommand({
          DBParameterGroupName: "default.postgres16",
          ResetAllParameters: true,
        }),
      ),
      "InvalidParameterValue",
      400,
    );
    await h.rds.send(
      new ResetDBParameterGroupCommand({ DBParameterGroupName: g, ResetAllParameters: true }),
    );
    assert.deepEqual(await userParams(g), []);
    // Back to RDS's own value for the family.
    const sb = await h.rds.send(
      new DescribeDBParametersCommand({
        DBParameterGroupName: g,
        Filters: [{ Name: "parameter-name", Values: ["shared_buffers"] }],
      }),
    );
    assert.deepEqual(
      sb.Parameters?.map((p) => [p.ParameterName, p.ParameterValue, p.Source, p.ApplyMethod]),
      [["shared_buffers", "{DBInstanceClassMemory/32768}", "system", undefined]],
    );
  });

  it("DescribeDBParameters API reference: Source user | system | engine-default, MaxRecords 20 to 100, Marker", async () => {
    const g = await group("postgres17");
    await modify(g, [set("work_mem", "8192", "immediate")]);
    const seen: string[] = [];
    let Marker: string | undefined;
    let pages = 0;
    do {
      const page = await h.rds.send(
        new DescribeDBParametersCommand({ DBParameterGroupName: g, MaxRecords: 20, Marker }),
      );
      assert.ok((page.Parameters?.length ?? 0) <= 20);
      for (const p of page.Parameters ?? []) seen.push(p.ParameterName!);
      Marker = page.Marker;
      pages += 1;
    } while (Marker);
    assert.ok(seen.length >= 300, `${seen.length} parameters`);
    assert.equal(pages, Math.ceil(seen.length / 20));
    assert.equal(new Set(seen).size, seen.length);
    assert.deepEqual(seen, [...seen].sort());
    assert.ok(seen.includes("transaction_timeout"), "postgres17 has transaction_timeout");
    const bySource = async (Source: string) => {
      let count = 0;
      let m: string | undefined;
      do {
        const page = await h.rds.send(
          new DescribeDBParametersCommand({ DBParameterGroupName: g, Source, Marker: m }),
        );
        for (const p of page.Parameters ?? []) {
          assert.equal(p.Source, Source);
          assert.equal(p.ParameterValue === undefined, Source === "engine-default");
        }
        count += page.Parameters?.length ?? 0;
        m = page.Marker;
      } while (m);
      return count;
    };
    const [user, system, engine] = [
      await bySource("user"),
      await bySource("system"),
      await bySource("engine-default"),
    ];
    assert.equal(user, 1);
    assert.ok(system > 10);
    assert.equal(user + system + engine, seen.length);
    await rejectsWith(
      h.rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: g, Source: "mine" })),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      h.rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: g, MaxRecords: 19 })),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      h.rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: "nope" })),
      "DBParameterGroupNotFound",
      404,
    );
  });

  it("DescribeEngineDefaultParameters API reference: a family's defaults inside EngineDefaults, paged with its Marker", async () => {
    const names: string[] = [];
    let Marker: string | undefined;
    do {
      const out = await h.rds.send(
        new DescribeEngineDefaultParametersCommand({
          DBParameterGroupFamily: "postgres13",
          MaxRecords: 100,
          Marker,
        }),
      );
      const d = out.EngineDefaults!;
      assert.equal(d.DBParameterGroupFamily, "postgres13");
      for (const p of d.Parameters ?? []) {
        names.push(p.ParameterName!);
        assert.notEqual(p.Source, "user");
      }
      Marker = d.Marker;
    } while (Marker);
    assert.ok(names.length >= 300);
    assert.ok(names.includes("stats_temp_directory"), "postgres13 still has stats_temp_directory");
    assert.ok(!names.includes("transaction_timeout"), "postgres13 has no transaction_timeout");
    assert.ok(names.includes("rds.logical_replication"));
    const mysql = await h.rds.send(
      new DescribeEngineDefaultParametersCommand({ DBParameterGroupFamily: "mysql8.4" }),
    );
    assert.equal(mysql.EngineDefaults?.Parameters?.length, 100);
    assert.ok(mysql.EngineDefaults?.Marker);
    await rejectsWith(
      h.rds.send(new DescribeEngineDefaultParametersCommand({ DBParameterGroupFamily: "pg99" })),
      "InvalidParameterValue",
      400,
    );
  });

  it("AddTagsToResource, ListTagsForResource, RemoveTagsFromResource API references: a parameter group by its ARN", async () => {
    const g = await group();
    const arn = `arn:aws:rds:us-east-1:123456789012:pg:${g}`;
    await h.rds.send(
      new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: "team", Value: "db" }] }),
    );
    const tags = await h.rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));
    assert.deepEqual(tags.TagList, [{ Key: "team", Value: "db" }]);
    await h.rds.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ["team"] }));
    const none = await h.rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));
    assert.deepEqual(none.TagList ?? [], []);
  });

  it("DeleteDBParameterGroup API reference: a default group cannot be deleted", async () => {
    const e = await rejectsWith(
      h.rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: "default.mysql8.0" })),
      "InvalidDBParameterGroupState",
      400,
    );
    assert.equal(e.message, "Default DBParameterGroup cannot be deleted: default.mysql8.0");
  });
});

describe("ParameterApplyStatus of the instances using a group", () => {
  const h = suiteHarness();

  async function status(id: string): Promise<string | undefined> {
    return (await h.instance(id)).DBParameterGroups?.[0]?.ParameterApplyStatus;
  }

  it("DBParameterGroupStatus API reference, Working with parameter groups (static and dynamic parameters): applying then in-sync after a dynamic change; pending-reboot after a static one until a reboot", async () => {
    await h.rds.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: "fleet",
        DBParameterGroupFamily: "postgres16",
        Description: "fleet",
      }),
    );
    await h.createAvailable("a1", { DBParameterGroupName: "fleet" });
    await h.createAvailable("a2", { DBParameterGroupName: "fleet" });
    await h.createAvailable("other");
    assert.equal(await status("a1"), "in-sync");
    await h.rds.send(
      new ModifyDBParameterGroupCommand({
        DBParameterGroupName: "fleet",
        Parameters: [set("work_mem", "8192", "immediate")],
      }),
    );
    assert.equal(await status("a1"), "applying");
    assert.equal(await status("a2"), "applying");
    assert.equal(await status("other"), "in-sync");
    assert.equal((await h.instance("a1")).DBInstanceStatus, "available");
    h.emu.advance(APPLY_MS);
    assert.equal(await status("a1"), "in-sync");
    assert.equal(await status("a2"), "in-sync");

    await h.rds.send(
      new ModifyDBParameterGroupCommand({
        DBParameterGroupName: "fleet",
        Parameters: [set("shared_buffers", "65536", "pending-reboot")],
      }),
    );
    assert.equal(await status("a1"), "pending-reboot");
    // A dynamic change meanwhile leaves the reboot pending.
    await h.rds.send(
      new ModifyDBParameterGroupCommand({
        DBParameterGroupName: "fleet",
        Parameters: [set("work_mem", "4096", "immediate")],
      }),
    );
    h.emu.advance(APPLY_MS * 10);
    assert.equal(await status("a1"), "pending-reboot");
    await h.rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: "a1" }));
    h.emu.advance(REBOOT_MS);
    assert.equal(await status("a1"), "in-sync");
    assert.equal(await status("a2"), "pending-reboot");

    // Resetting a static parameter is a static change too.
    await h.rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: "a2" }));
    h.emu.advance(REBOOT_MS);
    assert.equal(await status("a2"), "in-sync");
    await h.rds.send(
      new ResetDBParameterGroupCommand({
        DBParameterGroupName: "fleet",
        Parameters: [{ ParameterName: "shared_buffers", ApplyMethod: "pending-reboot" }],
      }),
    );
    assert.equal(await status("a1"), "pending-reboot");
    // Stopping and starting restarts the engine as a reboot does.
    await h.rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "a1" }));
    h.emu.advance(STOP_MS);
    assert.equal(await status("a1"), "pending-reboot");
    await h.rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: "a1" }));
    h.emu.advance(START_MS);
    assert.equal((await h.instance("a1")).DBInstanceStatus, "available");
    assert.equal(await status("a1"), "in-sync");
    const inUse = await rejectsWith(
      h.rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: "fleet" })),
      "InvalidDBParameterGroupState",
      400,
    );
    assert.match(inUse.message, /still members of this parameter group fleet/);
  });
});

describe("parameter groups across a restart and under --deny", () => {
  const tmp = suiteTempDir("rdsctl-emu-params-");

  it("keeps user values and apply statuses in the state file", async () => {
    const statePath = join(tmp.path, "state.json");
    const first = await harness({ statePath });
    await first.rds.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: "kept",
        DBParameterGroupFamily: "mysql8.0",
        Description: "kept",
      }),
    );
    await first.createAvailable("m1", {
      Engine: "mysql",
      EngineVersion: "8.0",
      DBParameterGroupName: "kept",
    });
    await first.rds.send(
      new ModifyDBParameterGroupCommand({
        DBParameterGroupName: "kept",
        Parameters: [set("innodb_log_buffer_size", "16777216", "pending-reboot")],
      }),
    );
    await first.close();
    const second = await harness({ statePath });
    try {
      const params = await second.rds.send(
        new DescribeDBParametersCommand({ DBParameterGroupName: "kept", Source: "user" }),
      );
      assert.deepEqual(
        params.Parameters?.map((p) => [p.ParameterName, p.ParameterValue, p.ApplyMethod]),
        [["innodb_log_buffer_size", "16777216", "pending-reboot"]],
      );
      const inst = await second.instance("m1");
      assert.equal(inst.DBParameterGroups?.[0]?.ParameterApplyStatus, "pending-reboot");
    } finally {
      await second.close();
    }
  });

  it("refuses the parameter actions an IAM policy leaves out", async () => {
    const h = await harness({ deny: "ModifyDBParameterGroup,rds:DescribeDBParameters" });
    try {
      await rejectsWith(
        h.rds.send(
          new ModifyDBParameterGroupCommand({
            DBParameterGroupName: "default.postgres16",
            Parameters: [set("work_mem", "1", "immediate")],
          }),
        ),
        "AccessDenied",
        403,
      );
      await rejectsWith(
        h.rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: "default.postgres16" })),
        "AccessDenied",
        403,
      );
      const other = client(h.emu.url);
      const d = await other.send(
        new DescribeEngineDefaultParametersCommand({ DBParameterGroupFamily: "mariadb11.4" }),
      );
      assert.ok((d.EngineDefaults?.Parameters?.length ?? 0) > 0);
      other.destroy();
    } finally {
      await h.close();
    }
  });
});
