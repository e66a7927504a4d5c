import { after, before, beforeEach } from "node:test";
import { RDSClient } from "@aws-sdk/client-rds";
import type { ApplyOptions } from "../../src/apply/types.js";
import { createRdsApi } from "../../src/aws/client.js";
import type { ConnectionOptions, RdsApi } from "../../src/aws/rds-api.js";
import type { EmulatorHandle, EmulatorOptions } from "../../src/emulator/api.js";
import { startEmulator } from "../../src/emulator/index.js";
import { MUTATING_ACTIONS } from "./mutating-actions.js";

/** An emulator on a free loopback port with a manual clock, and an RdsApi talking to it over HTTP. */
export interface TestEmulator {
  emulator: EmulatorHandle;
  api: RdsApi;
  /** ApplyOptions that make apply's waits move the emulator's clock instead of sleeping. */
  clock: Required<Pick<ApplyOptions, "sleep" | "now">>;
  /** Another RdsApi on the same emulator with other connection options. */
  connect(options?: Partial<ConnectionOptions>): RdsApi;
  /** Requests the emulator logged, by action name, since the last clearRequestLog(). */
  actions(): string[];
  /** The logged actions that change something (see MUTATING_ACTIONS). */
  mutating(): string[];
  /** A bare SDK client on the emulator, for actions RdsApi does not offer; destroy() it when done. */
  rawClient(): RDSClient;
  close(): Promise<void>;
}

export { MUTATING_ACTIONS };

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ port: 0, clock: "manual", seed: 1, ...options });
  const connect = (extra: Partial<ConnectionOptions> = {}) =>
    createRdsApi({ endpointUrl: emulator.url, region: options.region ?? "us-east-1", ...extra });
  return {
    emulator,
    api: connect(),
    clock: {
      sleep: async (ms: number) => {
        emulator.advance(ms);
      },
      now: () => emulator.now(),
    },
    connect,
    actions: () => emulator.requestLog().map((e) => e.action),
    mutating: () =>
      emulator
        .requestLog()
        .map((e) => e.action)
        .filter((a) => MUTATING_ACTIONS.has(a)),
    rawClient: () =>
      new RDSClient({
        endpoint: emulator.url,
        region: "us-east-1",
        credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
      }),
    close: () => emulator.close(),
  };
}

/**
 * One test emulator for the enclosing describe: started before its tests,
 * closed after them, and back to a fresh account with no faults and no denied
 * actions before each test. The returned object is filled in by the `before` hook, so read its
 * members inside hooks and tests only. Call it first in the describe so its
 * reset runs before the suite's own beforeEach hooks.
 */
export function suiteEmulator(options: EmulatorOptions = {}): TestEmulator {
  const t = {} as TestEmulator;
  before(async () => {
    Object.assign(t, await startTestEmulator(options));
  });
  after(() => t.close());
  beforeEach(() => {
    t.emulator.reset();
    t.emulator.setFaults([]);
    t.emulator.setDenied([]);
  });
  return t;
}
