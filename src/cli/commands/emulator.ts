import { UsageError } from "../../errors.js";
import { type FlagDefs, integerFlag, numberFlag, parseCommandArgs } from "../args.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { startEmulatorFor } from "../emulator-start.js";
import { commandHelp } from "../help.js";
import { loadPglite } from "../pglite.js";

export const FLAGS: FlagDefs = {
  port: { type: "string" },
  host: { type: "string" },
  "allow-host": { type: "string", multiple: true },
  state: { type: "string" },
  "time-scale": { type: "string" },
  faults: { type: "string" },
  deny: { type: "string", multiple: true },
  seed: { type: "string" },
};

/** Runs the emulator in the foreground until SIGINT or SIGTERM. */
export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  const { values } = parseCommandArgs("emulator", argv, FLAGS, false);
  if (values.help === true) {
    ctx.out(commandHelp("emulator", FLAGS));
    return "done";
  }
  const { parseFaultSpec, describeStartup, DenyList } = await import("../../emulator/index.js");
  const port = integerFlag("port", values.port, 0, 65535) ?? 4566;
  const timeScale = numberFlag("time-scale", values["time-scale"]);
  const seed = integerFlag("seed", values.seed, 0, 2 ** 32 - 1);
  const faults = typeof values.faults === "string" ? values.faults : undefined;
  if (faults !== undefined) {
    try {
      parseFaultSpec(faults);
    } catch (err) {
      throw new UsageError(`--faults: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const deny = Array.isArray(values.deny) ? values.deny.join(",") : undefined;
  if (deny !== undefined) {
    try {
      new DenyList().set(deny);
    } catch (err) {
      throw new UsageError(`--deny: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const options = {
    port,
    host: typeof values.host === "string" ? values.host : "127.0.0.1",
    ...(Array.isArray(values["allow-host"]) ? { allowedHosts: values["allow-host"] } : {}),
    ...(typeof values.state === "string" ? { statePath: values.state } : {}),
    ...(timeScale === undefined ? {} : { timeScale }),
    ...(faults === undefined ? {} : { faults }),
    ...(deny === undefined ? {} : { deny }),
    ...(seed === undefined ? {} : { seed }),
    // Postgres instances are connectable (PGlite, loaded on the first connection).
    servePostgres: true,
    pglite: loadPglite,
  };
  const handle = await startEmulatorFor("emulator", {
    ...options,
    log: (line: string) => ctx.err(`rdsctl: ${line}\n`),
  });
  for (const line of describeStartup(handle, options)) ctx.out(`${line}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const off = ctx.onSignal((received) => {
      off();
      resolve(received);
    });
  });
  ctx.err(`rdsctl: ${signal} received, stopping the emulator\n`);
  await handle.close();
  return "done";
}
