import type { EmulatorHandle, EmulatorOptions } from "../emulator/api.js";
import { RdsctlError } from "../errors.js";

/**
 * Start the emulator for `rdsctl emulator` or `--local`, turning start-up
 * failures (port in use, corrupt state file) into messages a person can act
 * on. The emulator keeps its own error class, as it imports nothing from the
 * library.
 */
export async function startEmulatorFor(
  what: string,
  options: EmulatorOptions,
): Promise<EmulatorHandle> {
  const { startEmulator } = await import("../emulator/index.js");
  try {
    return await startEmulator(options);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const where = `${options.host ?? "127.0.0.1"}:${options.port ?? 0}`;
    if (code === "EADDRINUSE") {
      throw new RdsctlError(
        "EMULATOR_START",
        `${what}: ${where} is already in use; pass another --port`,
        { cause: err },
      );
    }
    if (code === "EACCES" || code === "EADDRNOTAVAIL") {
      throw new RdsctlError("EMULATOR_START", `${what}: cannot listen on ${where} (${code})`, {
        cause: err,
      });
    }
    const message = err instanceof Error ? err.message : String(err);
    throw new RdsctlError("EMULATOR_START", `${what}: ${message}`, { cause: err });
  }
}
