import type { Instance } from "../state/model.js";
import { EmulatorError } from "./errors.js";
import type { Emulator } from "./server.js";

/** Admin paths live under a prefix no RDS action uses (RDS only serves `/`). */
export const ADMIN_PREFIX = "/_emulator/";

/** Route one admin request; answers [HTTP status, JSON value]. */
export function adminRoute(
  emu: Emulator,
  method: string,
  url: URL,
  body: string,
): [number, unknown] {
  const path = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/$/, "");
  const route = `${method} ${path}`;
  const statusPath = /^instances\/([^/]+)\/status$/.exec(path);
  if (statusPath && (method === "POST" || method === "PUT")) {
    return setStatus(emu, decodeURIComponent(statusPath[1]!), body, url.searchParams.get("region"));
  }
  switch (route) {
    case "GET served":
      return [200, servedReport(emu)];
    case "GET requests":
      return [200, emu.requestLog()];
    case "DELETE requests":
      emu.clearRequestLog();
      return [200, { ok: true }];
    case "POST reset":
      emu.reset();
      return [200, { ok: true }];
    case "POST maintenance":
      emu.maintenance();
      return [200, { ok: true }];
    case "POST advance": {
      if (!emu.ctx.clock.manual) {
        return [
          409,
          { error: "The clock is real: advance needs the emulator started with clock manual." },
        ];
      }
      const ms = Number(url.searchParams.get("ms"));
      if (!url.searchParams.has("ms") || !Number.isFinite(ms) || ms < 0) {
        return [400, { error: "advance needs ?ms=N with N >= 0" }];
      }
      emu.advance(ms);
      return [200, { ok: true, now: new Date(emu.ctx.now()).toISOString() }];
    }
    case "GET faults":
      return [200, emu.faults.list()];
    case "POST faults":
    case "PUT faults": {
      const text = body.trim();
      // A JSON array of rules, or the command-line form as plain text.
      emu.faults.set(text.startsWith("[") ? (JSON.parse(text) as never) : text);
      return [200, emu.faults.list()];
    }
    case "GET deny":
      return [200, emu.denied.list()];
    case "POST deny":
    case "PUT deny": {
      const text = body.trim();
      // A JSON array of action names, or the command-line form as plain text.
      emu.denied.set(text.startsWith("[") ? (JSON.parse(text) as string[]) : text);
      return [200, emu.denied.list()];
    }
    case "DELETE deny":
      emu.denied.set([]);
      return [200, emu.denied.list()];
    case "GET clock":
      return [200, { now: new Date(emu.ctx.now()).toISOString(), manual: emu.ctx.clock.manual }];
    default:
      return [404, { error: `No admin path ${method} ${url.pathname}` }];
  }
}

/**
 * `POST /_emulator/instances/{id}/status` with `{"status": "failed", "afterMs": 5000}`;
 * the region is `?region=` or `"region"` in the body, else the default one.
 */
function setStatus(
  emu: Emulator,
  id: string,
  body: string,
  queryRegion: string | null,
): [number, unknown] {
  const input = JSON.parse(body || "{}") as {
    status?: unknown;
    afterMs?: unknown;
    region?: unknown;
  };
  if (typeof input.status !== "string") {
    return [400, { error: 'The body must be JSON like {"status": "failed", "afterMs": 5000}' }];
  }
  if (input.afterMs !== undefined && typeof input.afterMs !== "number") {
    return [400, { error: "afterMs must be a number of milliseconds" }];
  }
  const region = queryRegion ?? input.region;
  if (region !== undefined && typeof region !== "string") {
    return [400, { error: "region must be a region name such as eu-west-1" }];
  }
  let inst: Instance;
  try {
    inst = emu.setInstanceStatus(id, input.status, input.afterMs, region);
  } catch (err) {
    if (err instanceof EmulatorError) return [err.status, { error: err.message, code: err.code }];
    throw err;
  }
  return [
    200,
    {
      id: inst.DBInstanceIdentifier,
      region: region ?? emu.defaultRegion,
      status: inst.DBInstanceStatus,
      scheduled: inst.transitions
        .filter((t) => t.effect === "fault")
        .map((t) => ({ status: t.status, at: new Date(t.at).toISOString() })),
    },
  ];
}

/** What `rdsctl local status` shows: the process, and every instance with what serves it. */
function servedReport(emu: Emulator): unknown {
  const served = new Map((emu.postgres?.served() ?? []).map((s) => [`${s.region}/${s.key}`, s]));
  const instances = [];
  for (const ctx of emu.all()) {
    for (const id of ctx.sortedIds()) {
      const inst = ctx.state.instances.get(id);
      if (!inst) continue;
      const s = served.get(`${ctx.region}/${inst.DbiResourceId}`);
      instances.push({
        region: ctx.region,
        identifier: inst.DBInstanceIdentifier,
        engine: inst.Engine,
        status: inst.DBInstanceStatus,
        masterUsername: inst.MasterUsername,
        ...(s === undefined
          ? {}
          : {
              postgres: {
                port: s.port ?? null,
                database: s.database,
                open: s.open,
                connections: s.connections,
              },
            }),
      });
    }
  }
  const memory = process.memoryUsage();
  return { pid: process.pid, rssBytes: memory.rss, instances };
}
