/**
 * The few PostgreSQL protocol (v3) messages the front door reads and writes
 * itself: start-up, SASL authentication and errors. Everything after the
 * start-up goes to the database as it came.
 */

export const PROTOCOL_3 = 196608;
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

export function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n, 0);
  return b;
}

/** AuthenticationSASL offering SCRAM-SHA-256 only (no channel binding: the door speaks no TLS). */
export function saslOffer(): Buffer {
  return message("R", Buffer.concat([int32(10), Buffer.from("SCRAM-SHA-256\0\0")]));
}

export function saslContinue(data: string): Buffer {
  return message("R", Buffer.concat([int32(11), Buffer.from(data)]));
}

export function saslFinal(data: string): Buffer {
  return message("R", Buffer.concat([int32(12), Buffer.from(data)]));
}

/** An ErrorResponse, FATAL unless told. */
export function errorResponse(code: string, text: string, severity = "FATAL"): Buffer {
  const field = (k: string, v: string) => Buffer.from(`${k}${v}\0`);
  return message(
    "E",
    Buffer.concat([
      field("S", severity),
      field("V", severity),
      field("C", code),
      field("M", text),
      Buffer.from([0]),
    ]),
  );
}

/** A start-up packet (length and protocol version included) with these parameters. */
export function startupPacket(params: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(params)) parts.push(Buffer.from(`${k}\0${v}\0`));
  parts.push(Buffer.from([0]));
  const body = Buffer.concat(parts);
  return Buffer.concat([int32(body.length + 8), int32(PROTOCOL_3), body]);
}

/** The name=value pairs of a start-up packet's body (after length and version). */
export function startupParams(body: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  const fields = body.toString("utf8").split("\0");
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const k = fields[i];
    if (!k) break;
    out.set(k, fields[i + 1] ?? "");
  }
  return out;
}

/** SASLInitialResponse: mechanism name, then the client's first message. */
export function saslInitial(body: Buffer): { mechanism: string; data: string } | undefined {
  const end = body.indexOf(0);
  if (end < 0 || body.length < end + 5) return undefined;
  const len = body.readInt32BE(end + 1);
  const data = len < 0 ? "" : body.subarray(end + 5, end + 5 + len).toString("utf8");
  return { mechanism: body.subarray(0, end).toString("utf8"), data };
}
