import type { DesiredInstance, Policy, Spec, WaitOptions } from "../../src/spec/types.js";

/** Small fixed waits: tests drive a manual clock, so these are emulator seconds. */
export const TEST_WAIT: WaitOptions = {
  delaySeconds: 5,
  maxDelaySeconds: 30,
  timeoutSeconds: 3600,
};

/** Tests that check the password use their own (an env reference); this one is for the rest. */
export const BASE_PASSWORD = "Base-test-pw-1234";

/** The fields of a small, valid PostgreSQL instance. */
export function baseFields(id: string): Record<string, unknown> {
  return {
    DBInstanceIdentifier: id,
    DBInstanceClass: "db.t3.micro",
    Engine: "postgres",
    EngineVersion: "16",
    AllocatedStorage: 20,
    MasterUsername: "appadmin",
    MasterUserPassword: { kind: "literal", value: BASE_PASSWORD },
  };
}

/** A DesiredInstance as the spec loader would produce it, built by hand. */
export function desiredInstance(
  id: string,
  fields: Record<string, unknown> = {},
  overrides: Partial<Omit<DesiredInstance, "id" | "fields" | "policy">> & {
    policy?: Partial<Policy>;
  } = {},
): DesiredInstance {
  const { policy, ...rest } = overrides;
  const allFields = { ...baseFields(id), ...fields };
  return {
    id,
    fields: allFields,
    applyImmediately: false,
    wait: TEST_WAIT,
    source: { file: "test.yaml", line: 1, column: 1 },
    fieldSources: Object.fromEntries(
      Object.keys(allFields).map((k, i) => [k, { file: "test.yaml", line: i + 2, column: 3 }]),
    ),
    ...rest,
    policy: { purgeTags: false, rebootWhenNeeded: false, ...policy },
  };
}

/** A Spec over hand-built instances. */
export function specOf(...instances: DesiredInstance[]): Spec {
  return { files: ["test.yaml"], instances, warnings: [] };
}
