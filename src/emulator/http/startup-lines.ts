import type { EmulatorHandle, EmulatorOptions, FaultRule } from "../api.js";
import { DEFAULT_ACCOUNT_ID, DEFAULT_HOST, DEFAULT_REGION } from "../state/defaults.js";
import { ADMIN_PREFIX } from "./admin.js";
import { DenyList } from "./deny.js";
import { parseFaultSpec } from "./faults.js";

function describeFaults(faults: FaultRule[] | string | undefined): string {
  const rules = typeof faults === "string" ? parseFaultSpec(faults) : (faults ?? []);
  if (rules.length === 0) return "none";
  return rules
    .map((r) => {
      const scope = (r.action ?? "*") === "*" ? "" : `${r.action}:`;
      const what = r.kind === "latency" ? `latency ${r.latencyMs ?? 0}ms` : r.kind;
      return `${scope}${what} @ ${r.rate ?? 1}${r.count !== undefined ? ` x${r.count}` : ""}`;
    })
    .join(", ");
}

function denied(deny: string[] | string | undefined): string[] {
  const list = new DenyList();
  list.set(deny ?? []);
  return list.list();
}

/** The lines `rdsctl emulator` prints when it starts. */
export function describeStartup(handle: EmulatorHandle, options: EmulatorOptions): string[] {
  const host = options.host ?? DEFAULT_HOST;
  const loopback = host === "127.0.0.1" || host === "localhost" || host === "::1";
  const scale = options.timeScale ?? 1;
  const region = options.region ?? DEFAULT_REGION;
  return [
    `RDS emulator (Query API 2014-10-31) listening on ${handle.url}`,
    "It authenticates nobody: any SigV4 signature and any credentials are accepted.",
    loopback
      ? `It listens on loopback (${host}) only; pass --host to expose it elsewhere.`
      : `WARNING: it listens on ${host}, reachable from other machines, and authenticates nobody.`,
    `Default region ${region} (a request's SigV4 credential scope picks its own), account ${options.accountId ?? DEFAULT_ACCOUNT_ID}.`,
    `Served Host headers: the listen address, loopback names${options.allowedHosts?.length ? `, ${options.allowedHosts.join(", ")}` : ""}; others get 403.`,
    options.statePath
      ? `State file: ${options.statePath} (every region; loaded at start, written atomically within moments of each change and on stop).`
      : "State: in memory only (pass --state FILE to keep it across restarts).",
    scale === 0
      ? "Time scale 0: every status transition happens by the next call."
      : `Time scale ${scale}: a create takes about ${(6 * scale).toFixed(1)} s (creating, then backing-up).`,
    ...(options.servePostgres
      ? [
          `Postgres instances are real databases (PGlite, started on a first connection): Endpoint 127.0.0.1, a port each, the master user and password${options.statePath ? "; data beside the state file" : "; data in memory"}. Other engines are API-only.`,
        ]
      : []),
    `Faults: ${describeFaults(options.faults)}${options.seed !== undefined ? ` (seed ${options.seed})` : ""}.`,
    ...(denied(options.deny).length === 0
      ? []
      : [`Denied (answered AccessDenied): ${denied(options.deny).join(", ")}.`]),
    `Point the AWS SDK at it: new RDSClient({ endpoint: "${handle.url}", region: "${region}", credentials: { accessKeyId: "test", secretAccessKey: "test" } })`,
    `Point the AWS CLI at it: aws rds describe-db-instances --endpoint-url ${handle.url} --region ${region}`,
    `Point rdsctl at it: rdsctl plan FILE --endpoint-url ${handle.url} (or use --local)`,
    `Admin (with the header X-Rdsctl-Emulator: 1): GET ${handle.url}${ADMIN_PREFIX}requests, POST ${ADMIN_PREFIX}reset, POST ${ADMIN_PREFIX}maintenance, POST ${ADMIN_PREFIX}advance?ms=N (manual clock), GET|PUT ${ADMIN_PREFIX}faults, GET|PUT|DELETE ${ADMIN_PREFIX}deny`,
    "Requests a web page could send (another Origin, an unsigned action, a preflight) get 403.",
  ];
}
