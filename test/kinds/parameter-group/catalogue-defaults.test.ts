import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateDBParameterGroupCommand,
  ModifyDBParameterGroupCommand,
  type Parameter,
  paginateDescribeEngineDefaultParameters,
} from "@aws-sdk/client-rds";
import { valueProblem } from "../../../src/kinds/parameter-group/values.js";
import { suiteEmulator } from "../../helpers/emulator.js";

/**
 * The kind's value checks must never refuse what RDS itself holds: every
 * engine default the emulator's catalogue lists passes them. A check that
 * misreads an AllowedValues form (an exponent, a pattern, a list) would block
 * a value RDS accepts.
 */
describe("value checks against the engine defaults", () => {
  const t = suiteEmulator();

  for (const family of ["postgres16", "postgres17", "mysql8.0", "mariadb10.11"]) {
    it(`accept every default of ${family}`, async () => {
      const client = t.rawClient();
      try {
        const parameters: Parameter[] = [];
        for await (const page of paginateDescribeEngineDefaultParameters(
          { client, pageSize: 100 },
          { DBParameterGroupFamily: family },
        )) {
          parameters.push(...(page.EngineDefaults?.Parameters ?? []));
        }
        assert.ok(parameters.length >= 60, `${family}: ${parameters.length} parameters`);
        const refused = parameters.flatMap((p) => {
          if (p.ParameterValue === undefined || p.ParameterValue === "") return [];
          const problem = valueProblem(p.ParameterValue, p);
          return problem === undefined ? [] : [`${p.ParameterName}: ${problem}`];
        });
        assert.deepEqual(refused, []);
      } finally {
        client.destroy();
      }
    });
  }

  it("refuse, as the emulator does, a value just past a range's end", async () => {
    const client = t.rawClient();
    try {
      const parameters: Parameter[] = [];
      for await (const page of paginateDescribeEngineDefaultParameters(
        { client, pageSize: 100 },
        { DBParameterGroupFamily: "postgres16" },
      )) {
        parameters.push(...(page.EngineDefaults?.Parameters ?? []));
      }
      const ranged = parameters
        .filter(
          (p) =>
            p.IsModifiable === true &&
            p.DataType === "integer" &&
            /^\d+-\d+$/.test(p.AllowedValues ?? "") &&
            Number(p.AllowedValues?.split("-")[1]) < 2147483647,
        )
        .slice(0, 12);
      assert.ok(ranged.length >= 5, `${ranged.length} ranged integer parameters`);
      await client.send(
        new CreateDBParameterGroupCommand({
          DBParameterGroupName: "ranges",
          DBParameterGroupFamily: "postgres16",
          Description: "d",
        }),
      );
      for (const p of ranged) {
        const over = String(Number(p.AllowedValues?.split("-")[1]) + 1);
        assert.notEqual(valueProblem(over, p), undefined, `${p.ParameterName}=${over}`);
        await assert.rejects(
          client.send(
            new ModifyDBParameterGroupCommand({
              DBParameterGroupName: "ranges",
              Parameters: [
                {
                  ParameterName: p.ParameterName,
                  ParameterValue: over,
                  ApplyMethod: "pending-reboot",
                },
              ],
            }),
          ),
          `the emulator refuses ${p.ParameterName}=${over}`,
        );
      }
    } finally {
      client.destroy();
    }
  });
});
