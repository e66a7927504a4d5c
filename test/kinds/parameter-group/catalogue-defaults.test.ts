import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Parameter, paginateDescribeEngineDefaultParameters } from "@aws-sdk/client-rds";
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
});
