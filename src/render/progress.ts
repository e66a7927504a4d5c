import type { ProgressEvent } from "../apply/types.js";
import type { KindName } from "../kinds/types.js";
import { escapeText } from "../text/escape.js";
import { kindLabel } from "./resources.js";
import { createStyle, type Style } from "./style.js";

const CALL_NAMES: Record<string, string> = {
  create: "CreateDBInstance",
  "create-replica": "CreateDBInstanceReadReplica",
  promote: "PromoteReadReplica",
  modify: "ModifyDBInstance",
  reboot: "RebootDBInstance",
  "add-tags": "AddTagsToResource",
  "remove-tags": "RemoveTagsFromResource",
  snapshot: "CreateDBSnapshot",
};

function callName(call: string): string {
  return CALL_NAMES[call] ?? call;
}

/** The kind an event is about, when it is not an instance (only call events of groups carry one). */
function resourceKind(event: ProgressEvent): KindName | undefined {
  if (event.type !== "call" && event.type !== "call-done") return undefined;
  return event.kind === "instance" ? undefined : event.kind;
}

/** What an event is about: the instance id, or `parameter group app-pg` for a resource. */
function subject(event: ProgressEvent): string {
  const kind = resourceKind(event);
  return kind === undefined ? event.id : `${kindLabel(kind)} ${event.id}`;
}

/**
 * One event as one line, for logs and pipes: `<id>: <what happened>`,
 * escaped, since ids, statuses and RDS event messages come from outside.
 */
export function progressLine(event: ProgressEvent): string {
  return escapeText(describeEvent(event));
}

function describeEvent(event: ProgressEvent): string {
  switch (event.type) {
    case "call":
      return `${subject(event)}: sending ${callName(event.call)}`;
    case "call-done":
      return `${subject(event)}: ${callName(event.call)} accepted`;
    case "modify-noop":
      return `${event.id}: RDS reports no modification needed`;
    case "snapshot":
      return `${event.id}: taking snapshot ${event.snapshot}; waiting until it is available before the change`;
    case "wait-snapshot":
      return `${event.id}: snapshot ${event.snapshot} ${event.status} (${formatSeconds(event.elapsedSeconds)})`;
    case "already-exists":
      return `${event.id}: already exists (an earlier create went through); re-planned as ${event.replannedAction}`;
    case "state-retry":
      return `${event.id}: ${callName(event.call)} refused while ${event.status ?? "busy"}; waiting, then retrying (attempt ${event.attempt})`;
    case "wait-before":
      return `${event.id}: is ${event.status}; waiting for it to be available first`;
    case "settle":
      return `${event.id}: nothing to change, but still ${event.status}; waiting for it`;
    case "wait-parameters":
      return `${event.id}: parameter group ${event.group} changed; waiting until it is in-sync`;
    case "waiting": {
      // The status is already on the line; a reason that only repeats it adds nothing.
      const reason = event.reason === `status is ${event.status}` ? "" : event.reason;
      return `${event.id}: ${event.status} (${formatSeconds(event.elapsedSeconds)}) ${reason}`.trimEnd();
    }
    case "stable":
      return `${event.id}: ${event.status} after ${formatSeconds(event.elapsedSeconds)}`;
    case "instance-done":
      return `${event.id}: done`;
    case "wait-source":
      return `${event.id}: waiting for its source ${event.source} to be available with backups on`;
    case "upgrade-wait":
      return upgradeWaitLine(event);
    case "skipped":
      return `${event.id}: skipped: ${event.reason}`;
    case "downtime-queued":
      return `${event.id}: restarts; waiting for a turn (at most ${event.limit} at a time)`;
    case "rds-event":
      return `${event.id}: RDS event at ${event.time}: ${event.message}`;
  }
}

function upgradeWaitLine(event: Extract<ProgressEvent, { type: "upgrade-wait" }>): string {
  const on = event.on.join(", ");
  switch (event.step) {
    case "after":
      return `${event.id}: its upgrade to ${event.to} waits until its replicas ${on} run ${event.to}`;
    case "with-source":
      return `${event.id}: upgraded to ${event.to} with its source ${on}; waiting for that upgrade`;
    case "replicas":
      return `${event.id}: waiting for ${on}, upgraded with it, to run ${event.to} too`;
  }
}

/** A moment as ISO 8601 in UTC to the second: `2026-11-25T10:00:03Z`. */
export function timestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * One progress event as an NDJSON record (docs/commands.md, "Apply events"):
 * `type`, `time` (when rdsctl reported it), `id`, `region` (null when
 * unknown), then the event's own fields. Never carries a secret: events hold
 * identifiers, statuses and call names only.
 */
export function progressEventJson(
  event: ProgressEvent,
  context: { time: number; region: string | undefined },
): Record<string, unknown> {
  const head = {
    type: event.type,
    time: new Date(context.time).toISOString(),
    id: event.id,
    region: context.region ?? null,
  };
  switch (event.type) {
    case "call":
    case "call-done": {
      const kind = resourceKind(event);
      return { ...head, call: event.call, ...(kind === undefined ? {} : { kind }) };
    }
    case "modify-noop":
    case "instance-done":
      return head;
    case "already-exists":
      return { ...head, replannedAction: event.replannedAction };
    case "state-retry":
      return { ...head, call: event.call, attempt: event.attempt, status: event.status ?? null };
    case "wait-before":
    case "settle":
      return { ...head, status: event.status };
    case "wait-parameters":
      return { ...head, group: event.group };
    case "snapshot":
      return { ...head, snapshot: event.snapshot };
    case "wait-snapshot":
      return {
        ...head,
        snapshot: event.snapshot,
        status: event.status,
        elapsedSeconds: event.elapsedSeconds,
      };
    case "waiting":
      return {
        ...head,
        status: event.status,
        elapsedSeconds: event.elapsedSeconds,
        reason: event.reason,
      };
    case "stable":
      return { ...head, status: event.status, elapsedSeconds: event.elapsedSeconds };
    case "rds-event":
      return { ...head, eventTime: event.time, message: event.message };
    case "wait-source":
      return { ...head, source: event.source };
    case "skipped":
      return { ...head, reason: event.reason };
    case "downtime-queued":
      return { ...head, limit: event.limit };
    case "upgrade-wait":
      return { ...head, step: event.step, on: [...event.on], to: event.to };
  }
}

export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(s % 60).padStart(2, "0")}s`;
}

interface Row {
  /** What the line is about: the instance id, or `parameter group app-pg`. */
  id: string;
  /** What apply is doing for the instance. */
  step: string;
  /** Its last DB instance status seen, when any. */
  status?: string;
  /** Its latest RDS event, when read. */
  event?: string;
  startedAt: number;
  doneAfter?: number;
}

/** In line mode, an unchanged status is repeated at most this often (seconds). */
const QUIET_REPEAT_SECONDS = 60;

/** Instances listed one per line in live mode before finished ones are folded into a count. */
export const MAX_LIVE_ROWS = 20;

export interface ProgressRenderer {
  onEvent(event: ProgressEvent): void;
  /** Redraw (live mode) so elapsed time moves between events. */
  tick(): void;
  /** Stop redrawing; the last state stays on screen. */
  finish(): void;
}

export interface ProgressRendererOptions {
  /** Redraw one status line per instance in place (a terminal) instead of appending lines. */
  live: boolean;
  color: boolean;
  write(text: string): void;
  /** Wall clock for elapsed time (live mode) and the lines' timestamps (line mode). Default Date.now. */
  now?: () => number;
  /** Terminal width in live mode: longer lines are cut, since a wrapped line breaks the redraw. */
  columns?: number;
}

/** How an event moves an instance's live line: its step, status or RDS event. */
function updateRow(row: Row, event: ProgressEvent): void {
  switch (event.type) {
    case "call":
      row.step = `sending ${callName(event.call)}`;
      return;
    case "call-done":
      row.step = `${callName(event.call)} accepted`;
      return;
    case "modify-noop":
      row.step = "no modification needed";
      return;
    case "already-exists":
      row.step = `already exists; ${event.replannedAction}`;
      return;
    case "state-retry":
      row.step = `will retry ${callName(event.call)}`;
      if (event.status !== undefined) row.status = event.status;
      return;
    case "wait-before":
      row.step = "waiting before changing it";
      row.status = event.status;
      return;
    case "settle":
      row.step = "waiting for it to settle";
      row.status = event.status;
      return;
    case "wait-parameters":
      row.step = "waiting for its parameters";
      return;
    case "snapshot":
      row.step = `snapshot ${event.snapshot}`;
      return;
    case "wait-snapshot":
      row.step = `snapshot ${event.snapshot} ${event.status}`;
      return;
    case "waiting":
      row.step = "waiting";
      row.status = event.status;
      return;
    case "stable":
      row.step = "stable";
      row.status = event.status;
      return;
    case "instance-done":
      // The mark says done; the last step and status stay readable.
      return;
    case "rds-event":
      row.event = event.message;
      return;
    case "upgrade-wait":
      row.step =
        event.step === "replicas"
          ? `waiting for ${event.on.join(", ")} to run ${event.to}`
          : `waiting for ${event.step === "after" ? "its replicas" : "its source"} ${event.on.join(", ")}`;
      return;
  }
}

const PLAIN_STYLE = createStyle(false);

function liveLine(row: Row, now: number, style: Style, columns: number): string {
  const seconds = (row.doneAfter ?? now - row.startedAt) / 1000;
  const line = (s: Style): string => {
    const mark = row.doneAfter === undefined ? s.yellow("…") : s.green("✓");
    const status = row.status === undefined ? "" : `  ${escapeText(row.status)}`;
    const event = row.event === undefined ? "" : `  ${s.dim(escapeText(row.event))}`;
    return `${mark} ${s.bold(escapeText(row.id))}  ${escapeText(row.step)}${status}  ${s.dim(formatSeconds(seconds))}${event}`;
  };
  const plain = line(PLAIN_STYLE);
  // Cut on the plain text (escape codes take no columns but would be cut too).
  return plain.length < columns ? line(style) : `${plain.slice(0, Math.max(1, columns - 2))}…`;
}

/**
 * Shows apply progress. On a terminal, one line per instance (step, status,
 * elapsed time, latest RDS event) redrawn in place; otherwise one
 * timestamped line per event, so logs stay readable.
 */
export function createProgressRenderer(options: ProgressRendererOptions): ProgressRenderer {
  const style = createStyle(options.color);
  const now = options.now ?? Date.now;
  if (!options.live) {
    // A poll that sees the same status again is news only once a minute, so a
    // log of a long wait shows life without a line per instance per poll.
    const lastWaiting = new Map<string, { status: string; elapsedSeconds: number }>();
    return {
      onEvent: (event) => {
        if (event.type === "waiting") {
          const last = lastWaiting.get(event.id);
          const repeat = last !== undefined && last.status === event.status;
          if (repeat && event.elapsedSeconds - last.elapsedSeconds < QUIET_REPEAT_SECONDS) return;
          lastWaiting.set(event.id, { status: event.status, elapsedSeconds: event.elapsedSeconds });
        }
        options.write(`${timestamp(now())} ${progressLine(event)}\n`);
      },
      tick: () => {},
      finish: () => {},
    };
  }
  const columns = options.columns ?? Number.POSITIVE_INFINITY;
  const rows = new Map<string, Row>();
  let drawn = 0;
  let finished = false;
  // A big apply would redraw thousands of lines per event: beyond a screenful,
  // finished instances fold into one count and only running ones are listed.
  const visibleLines = (at: number): string[] => {
    const all = [...rows.values()];
    if (all.length <= MAX_LIVE_ROWS) return all.map((row) => liveLine(row, at, style, columns));
    const running = all.filter((row) => row.doneAfter === undefined);
    const shown = running.slice(0, MAX_LIVE_ROWS);
    const summary = `  ${running.length - shown.length} more in progress, ${all.length - running.length} done`;
    return [...shown.map((row) => liveLine(row, at, style, columns)), style.dim(summary)];
  };
  const draw = (): void => {
    if (finished) return;
    const lines = visibleLines(now());
    // Up over the previous drawing, rewrite each line, clear whatever is left below.
    let text = drawn > 0 ? `\u001b[${drawn}A` : "";
    for (const line of lines) text += `\u001b[2K${line}\n`;
    drawn = lines.length;
    options.write(`${text}\u001b[J`);
  };
  return {
    onEvent: (event) => {
      // A group and an instance may share a name: each has its own line.
      const name = subject(event);
      const key = `${resourceKind(event) ?? "instance"}/${event.id}`;
      let row = rows.get(key);
      if (row === undefined) {
        row = { id: name, step: "", startedAt: now() };
        rows.set(key, row);
      }
      updateRow(row, event);
      if (event.type === "instance-done") row.doneAfter = now() - row.startedAt;
      // A group has no waiting of its own: its line is done once its last call is accepted.
      if (resourceKind(event) !== undefined) {
        row.doneAfter = event.type === "call-done" ? now() - row.startedAt : undefined;
      }
      draw();
    },
    tick: draw,
    finish: () => {
      draw();
      finished = true;
    },
  };
}
