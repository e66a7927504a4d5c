/**
 * A local RDS emulator: an HTTP server speaking the RDS Query API that the
 * real `@aws-sdk/client-rds` talks to. It imports nothing from the rest of
 * rdsctl, so it checks the reconciler rather than sharing its mistakes.
 */

import { DEFAULT_HOST } from "./_defaults.js";
import { Emulator, makeHandle } from "./_server.js";
import type { EmulatorHandle, EmulatorOptions } from "./api.js";

export { EmulatorError } from "./_errors.js";
export { parseFaultSpec } from "./_faults.js";
export { describeStartup } from "./_startup.js";
export type {
  EmulatorHandle,
  EmulatorOptions,
  FaultKind,
  FaultRule,
  RequestLogEntry,
} from "./api.js";

/** Start the emulator; resolves once it listens. Throws on a corrupt state file or bad options. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const emu = new Emulator(options);
  const host = options.host ?? DEFAULT_HOST;
  const address = await emu.listen(host, options.port ?? 0);
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return makeHandle(emu, `http://${shownHost}:${address.port}`, address.port);
}
