import type { IncomingMessage } from "node:http";

/** How reading a request body ended: its bytes, or why it was given up. */
export type BodyOutcome = Buffer | "too-large" | "timeout";

/**
 * Reads a request body of at most `limit` bytes within `timeoutMs`. Past the
 * limit (or a `Content-Length` above it) or the time, it stops reading at
 * once and reports why; nothing more is buffered, so a 1 GB body or a body
 * sent a byte a minute costs neither memory nor a connection for long.
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  timeoutMs: number,
  done: (outcome: BodyOutcome) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const finish = (outcome: BodyOutcome): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if (!Buffer.isBuffer(outcome)) {
      req.removeAllListeners("data");
      req.pause();
    }
    done(outcome);
  };
  const timer = setTimeout(() => finish("timeout"), timeoutMs);
  if (Number(req.headers["content-length"] ?? 0) > limit) {
    finish("too-large");
    return;
  }
  req.on("data", (c: Buffer) => {
    size += c.length;
    if (size > limit) finish("too-large");
    else chunks.push(c);
  });
  req.on("end", () => finish(Buffer.concat(chunks)));
  req.on("error", () => finish("timeout"));
}
