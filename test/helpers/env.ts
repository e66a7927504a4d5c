import { after, afterEach, before } from "node:test";

/**
 * Records the current values of `keys` now and puts them back after every
 * test of the enclosing describe (or file, when called at top level), so a
 * test that edits the environment does not leak into the next one.
 */
export function restoreEnvAfterEach(keys: readonly string[]): void {
  const saved = new Map(keys.map((k) => [k, process.env[k]]));
  afterEach(() => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}

/** Sets an environment variable for the enclosing describe, removing it after its tests. */
export function suiteEnv(name: string, value: string): void {
  before(() => {
    process.env[name] = value;
  });
  after(() => {
    delete process.env[name];
  });
}
