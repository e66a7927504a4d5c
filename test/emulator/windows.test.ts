import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand } from "@aws-sdk/client-rds";
import { exportSpec, renderExportYaml } from "../../src/export/index.js";
import { parseSpecText } from "../../src/spec/parse.js";
import {
  parseBackupWindow,
  parseMaintenanceWindow,
  windowsOverlap,
} from "../../src/spec/rds-rules.js";
import { createInput, rejectsWith, suiteHarness } from "./_harness.js";

/**
 * RDS never gives an instance a backup window that overlaps its maintenance
 * window, and refuses a request that asks for such a pair. The overlap is
 * judged here by the spec's own rule (src/spec/rds-rules.ts), an
 * implementation apart from the emulator's.
 */
function overlaps(backup: string | undefined, maintenance: string | undefined): boolean {
  const b = parseBackupWindow(backup ?? "");
  const m = parseMaintenanceWindow(maintenance ?? "");
  assert.ok(typeof b !== "string", String(b));
  assert.ok(typeof m !== "string", String(m));
  return windowsOverlap(b, m);
}

describe("backup and maintenance windows at create", () => {
  const h = suiteHarness({ timeScale: 0 });
  let n = 0;
  const create = async (extra: Record<string, unknown>) => {
    n += 1;
    const id = `win-${n}`;
    await h.rds.send(new CreateDBInstanceCommand(createInput(id, extra)));
    return h.instance(id);
  };

  it("a maintenance window asked for gets a backup window clear of it", async () => {
    // 23 hours of maintenance on Sunday leave little room: a random window would overlap.
    for (let i = 0; i < 25; i++) {
      const d = await create({ PreferredMaintenanceWindow: "sun:00:00-sun:23:00" });
      assert.equal(d.PreferredMaintenanceWindow, "sun:00:00-sun:23:00");
      assert.ok(
        !overlaps(d.PreferredBackupWindow, d.PreferredMaintenanceWindow),
        `${d.PreferredBackupWindow} overlaps ${d.PreferredMaintenanceWindow}`,
      );
    }
  });

  it("a long backup window asked for gets a maintenance window clear of it", async () => {
    for (let i = 0; i < 25; i++) {
      const d = await create({ PreferredBackupWindow: "00:00-20:00" });
      assert.equal(d.PreferredBackupWindow, "00:00-20:00");
      assert.ok(
        !overlaps(d.PreferredBackupWindow, d.PreferredMaintenanceWindow),
        `${d.PreferredBackupWindow} overlaps ${d.PreferredMaintenanceWindow}`,
      );
    }
  });

  it("neither asked for: the two picked never overlap", async () => {
    for (let i = 0; i < 25; i++) {
      const d = await create({});
      assert.ok(!overlaps(d.PreferredBackupWindow, d.PreferredMaintenanceWindow));
    }
  });

  it("both asked for: kept as given when apart, refused when they overlap (create and modify)", async () => {
    const d = await create({
      PreferredBackupWindow: "03:00-03:30",
      PreferredMaintenanceWindow: "Mon:03:30-Mon:04:00",
    });
    assert.equal(d.PreferredBackupWindow, "03:00-03:30");
    assert.equal(d.PreferredMaintenanceWindow, "mon:03:30-mon:04:00");
    const err = await rejectsWith(
      h.rds.send(
        new CreateDBInstanceCommand(
          createInput("win-clash", {
            PreferredBackupWindow: "03:00-03:30",
            PreferredMaintenanceWindow: "tue:03:15-tue:03:45",
          }),
        ),
      ),
      "InvalidParameterValue",
      400,
    );
    assert.match(err.message, /backup window and maintenance window must not overlap/);
    await rejectsWith(
      h.modify(d.DBInstanceIdentifier ?? "", { PreferredBackupWindow: "03:45-04:15" }),
      "InvalidParameterValue",
      400,
    );
    assert.equal(
      (await h.instance(d.DBInstanceIdentifier ?? "")).PreferredBackupWindow,
      "03:00-03:30",
    );
  });

  it("export of an instance created with only a maintenance window is a spec that validates", async () => {
    const d = await create({ PreferredMaintenanceWindow: "wed:00:00-wed:22:30" });
    const yaml = renderExportYaml(exportSpec([d], { region: "us-east-1" }));
    const parsed = parseSpecText(yaml, "exported.yaml");
    assert.ok(parsed.ok, parsed.ok ? "" : JSON.stringify(parsed.problems));
  });
});
