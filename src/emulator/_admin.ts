import type { Emulator } from "./_server.js";

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
  switch (route) {
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
    case "GET clock":
      return [200, { now: new Date(emu.ctx.now()).toISOString(), manual: emu.ctx.clock.manual }];
    default:
      return [404, { error: `No admin path ${method} ${url.pathname}` }];
  }
}
