import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ALL_FAMILIES } from "../../src/emulator/rules/engine-catalogue.js";
import {
  checkParameterValue,
  familyParameters,
  loadParameterCatalogue,
} from "../../src/emulator/rules/parameter-catalogue.js";

const POSTGRES = ["postgres13", "postgres14", "postgres15", "postgres16", "postgres17"];
const MYSQL_LIKE = ["mysql8.0", "mysql8.4", "mariadb10.6", "mariadb10.11", "mariadb11.4"];
const DATA_TYPES = new Set(["boolean", "integer", "real", "float", "string", "list"]);

describe("the parameter catalogue", () => {
  before(() => loadParameterCatalogue());

  it("covers every PostgreSQL, MySQL and MariaDB family the emulator knows", () => {
    for (const f of [...POSTGRES, ...MYSQL_LIKE]) assert.ok(ALL_FAMILIES.includes(f), f);
    for (const f of ALL_FAMILIES.filter((x) => /^(postgres|mysql|mariadb)\d/.test(x))) {
      assert.ok(familyParameters(f).list.length > 0, f);
    }
  });

  it("lists at least 300 PostgreSQL settings per family, each well typed", () => {
    for (const f of POSTGRES) {
      const list = familyParameters(f).list;
      assert.ok(list.length >= 300, `${f}: ${list.length}`);
      const names = list.map((p) => p.ParameterName);
      assert.equal(new Set(names).size, names.length, `${f}: a name listed twice`);
      for (const p of list) {
        assert.ok(DATA_TYPES.has(p.DataType), `${f} ${p.ParameterName}: ${p.DataType}`);
        assert.ok(p.ApplyType === "static" || p.ApplyType === "dynamic", p.ParameterName);
        assert.equal(p.ParameterName, p.ParameterName.toLowerCase());
        assert.ok(p.Description.length > 0, p.ParameterName);
        if (p.DataType === "boolean") assert.equal(p.AllowedValues, "0,1", p.ParameterName);
        if (p.DataType === "integer" || p.DataType === "real") {
          assert.match(
            p.AllowedValues ?? "",
            /^-?[\d.]+(?:e\+?\d+)?--?[\d.]+(?:e\+?\d+)?$/,
            p.ParameterName,
          );
        }
        // RDS's own default, when it sets one, passes the parameter's own checks.
        if (p.DefaultValue !== undefined && p.IsModifiable) checkParameterValue(p, p.DefaultValue);
      }
    }
  });

  it("knows which PostgreSQL settings need a restart and which RDS keeps to itself", () => {
    const pg16 = familyParameters("postgres16");
    const apply = (n: string) => pg16.get(n)?.ApplyType;
    assert.equal(apply("shared_buffers"), "static");
    assert.equal(apply("max_connections"), "static");
    assert.equal(apply("shared_preload_libraries"), "static");
    assert.equal(apply("rds.logical_replication"), "static");
    assert.equal(apply("work_mem"), "dynamic");
    assert.equal(apply("log_min_duration_statement"), "dynamic");
    assert.equal(apply("rds.force_ssl"), "dynamic");
    for (const n of ["data_directory", "port", "listen_addresses", "ssl_cert_file", "block_size"]) {
      assert.equal(pg16.get(n)?.IsModifiable, false, n);
    }
    assert.equal(pg16.get("shared_preload_libraries")?.DataType, "list");
    assert.match(pg16.get("shared_preload_libraries")?.AllowedValues ?? "", /pg_stat_statements/);
    assert.equal(familyParameters("postgres14").get("rds.force_ssl")?.DefaultValue, "0");
    assert.equal(familyParameters("postgres15").get("rds.force_ssl")?.DefaultValue, "1");
    assert.ok(familyParameters("postgres15").get("force_parallel_mode"));
    assert.equal(familyParameters("postgres16").get("force_parallel_mode"), undefined);
    assert.ok(familyParameters("postgres16").get("debug_parallel_query"));
  });

  it("lists at least 60 modifiable MySQL or MariaDB variables per family", () => {
    for (const f of MYSQL_LIKE) {
      const list = familyParameters(f).list;
      const modifiable = list.filter((p) => p.IsModifiable);
      assert.ok(modifiable.length >= 60, `${f}: ${modifiable.length}`);
      const names = list.map((p) => p.ParameterName);
      assert.equal(new Set(names).size, names.length, `${f}: a name listed twice`);
      for (const p of list) assert.ok(DATA_TYPES.has(p.DataType), p.ParameterName);
      for (const n of [
        "max_connections",
        "long_query_time",
        "slow_query_log",
        "innodb_buffer_pool_size",
      ])
        assert.ok(familyParameters(f).get(n), `${f} ${n}`);
    }
    assert.equal(familyParameters("mysql8.0").get("long_query_time")?.DataType, "float");
    assert.ok(familyParameters("mariadb10.6").get("tx_isolation"));
    assert.equal(familyParameters("mariadb11.4").get("tx_isolation"), undefined);
    assert.ok(familyParameters("mariadb11.4").get("transaction_isolation"));
  });

  it("has nothing for the engines it does not cover", () => {
    assert.deepEqual(familyParameters("oracle-ee-19").list, []);
  });
});
