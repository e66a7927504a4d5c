import type { ProgressEvent } from "../apply/types.js";
import { createStyle, type Style } from "./style.js";

const CALL_NAMES: Record<string, string> = {
  create: "CreateDBInstance",
  "create-replica": "CreateDBInstanceReadReplica",
  promote: "PromoteReadReplica",
  modify: "ModifyDBInstance",
  reboot: "RebootDBInstance",
  "add-tags": "AddTagsToResource",
  "remove-tags": "RemoveTagsFromResource",
};

function callName(call: string): string {
  return CALL_NAMES[call] ?? call;
}

/** One event as one line, for logs and pipes: `<id>: <what happened>`. */
export function progressLine(event: ProgressEvent): string {
  switch (event.type) {
    case "call":
      return `${event.id}: sending ${callName(event.call)}`;
    case "call-done":
      return `${event.id}: ${callName(event.call)} accepted`;
    case "modify-noop":
      return `${event.id}: RDS reports no modification needed`;
    case "already-exists":
      return `${event.id}: already exists (an earlier create went through); re-planned as ${event.replannedAction}`;
    case "state-retry":
      return `${event.id}: ${callName(event.call)} refused while ${event.status ?? "busy"}; waiting, then retrying (attempt ${event.attempt})`;
    case "wait-before":
      return `${event.id}: is ${event.status}; waiting for it to be available first`;
    case "settle":
      return `${event.id}: nothing to change, but still ${event.status}; waiting for it`;
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
      return `${event.id}: waiting for its source ${event.source} to be available`;
    case "skipped":
      return `${event.id}: skipped: ${event.reason}`;
    case "downtime-queued":
      return `${event.id}: restarts; waiting for a turn (at most ${event.limit} at a time)`;
  }
}

export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(s % 60).padStart(2, "0")}s`;
}

interface Row {
  id: string;
  text: string;
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
  /** Wall clock for elapsed time in live mode. Default Date.now. */
  now?: () => number;
  /** Terminal width in live mode: longer lines are cut, since a wrapped line breaks the redraw. */
  columns?: number;
}

function rowText(event: ProgressEvent): string | undefined {
  switch (event.type) {
    case "call":
      return `sending ${callName(event.call)}`;
    case "call-done":
      return `${callName(event.call)} accepted`;
    case "modify-noop":
      return "no modification needed";
    case "already-exists":
      return `already exists; ${event.replannedAction}`;
    case "state-retry":
      return `${event.status ?? "busy"}; will retry ${callName(event.call)}`;
    case "wait-before":
      return `${event.status}; waiting before changing it`;
    case "settle":
      return `still ${event.status}; waiting for it`;
    case "waiting":
      return event.status;
    case "stable":
      return event.status;
    case "instance-done":
      return undefined;
  }
}

const PLAIN_STYLE = createStyle(false);

function liveLine(row: Row, now: number, style: Style, columns: number): string {
  const seconds = (row.doneAfter ?? now - row.startedAt) / 1000;
  const line = (s: Style): string => {
    const mark = row.doneAfter === undefined ? s.yellow("…") : s.green("✓");
    return `${mark} ${s.bold(row.id)}  ${row.text}  ${s.dim(formatSeconds(seconds))}`;
  };
  const plain = line(PLAIN_STYLE);
  // Cut on the plain text (escape codes take no columns but would be cut too).
  return plain.length < columns ? line(style) : `${plain.slice(0, Math.max(1, columns - 2))}…`;
}

/**
 * Shows apply progress. On a terminal, one line per instance (status and
 * elapsed time) redrawn in place; otherwise one line per event, so logs stay
 * readable.
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
        options.write(`${progressLine(event)}\n`);
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
      let row = rows.get(event.id);
      if (row === undefined) {
        row = { id: event.id, text: "", startedAt: now() };
        rows.set(event.id, row);
      }
      const text = rowText(event);
      if (text !== undefined) row.text = text;
      if (event.type === "instance-done") row.doneAfter = now() - row.startedAt;
      draw();
    },
    tick: draw,
    finish: () => {
      draw();
      finished = true;
    },
  };
}
