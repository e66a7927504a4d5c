/**
 * A local RDS emulator: an HTTP server speaking the RDS Query API that the
 * real `@aws-sdk/client-rds` talks to. It imports nothing from the rest of
 * rdsctl, so it checks the reconciler rather than sharing its mistakes.
 */

import type { EmulatorHandle, EmulatorOptions } from "./api.js";
import { Emulator, makeHandle } from "./http/server.js";
import { DEFAULT_HOST } from "./state/defaults.js";

export type {
  EmulatorHandle,
  EmulatorOptions,
  FaultKind,
  FaultRule,
  RequestLogEntry,
} from "./api.js";
export { DenyList } from "./http/deny.js";
export { EmulatorError } from "./http/errors.js";
export { parseFaultSpec } from "./http/faults.js";
export { describeStartup } from "./http/startup-lines.js";

/** Start the emulator; resolves once it listens. Throws on a corrupt state file or bad options. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const emu = new Emulator(options);
  const host = options.host ?? DEFAULT_HOST;
  const address = await emu.listen(host, options.port ?? 0);
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return makeHandle(emu, `http://${shownHost}:${address.port}`, address.port);
}
