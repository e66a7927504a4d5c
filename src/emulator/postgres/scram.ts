import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL's server side does it.
 * Only the verifier is kept, never the password: the salt, the iteration
 * count and the two keys derived from the salted password, as pg_authid keeps them.
 */
export interface ScramVerifier {
  salt: string;
  iterations: number;
  storedKey: string;
  serverKey: string;
}

/** PostgreSQL's default `scram_iterations`. */
const ITERATIONS = 4096;

const hmac = (key: Buffer, text: string): Buffer => createHmac("sha256", key).update(text).digest();
const sha256 = (data: Buffer): Buffer => createHash("sha256").update(data).digest();

export function makeVerifier(password: string): ScramVerifier {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize("NFKC"), salt, ITERATIONS, 32, "sha256");
  return {
    salt: salt.toString("base64"),
    iterations: ITERATIONS,
    storedKey: sha256(hmac(salted, "Client Key")).toString("base64"),
    serverKey: hmac(salted, "Server Key").toString("base64"),
  };
}

/** One exchange: the server's first message, then the check of the client's proof. */
export class ScramExchange {
  private clientFirstBare = "";
  private serverFirst = "";
  private nonce = "";

  /** `verifier` undefined: an unknown user, refused after a full exchange as PostgreSQL does. */
  constructor(private readonly verifier: ScramVerifier | undefined) {}

  /** The client-first-message in, the server-first-message out; undefined when malformed. */
  first(clientFirst: string): string | undefined {
    // gs2 header: "n,," (no channel binding) or "y,," (client could but thinks we cannot).
    const m = /^[ny],(?:a=[^,]*)?,(n=[^,]*,r=([^,]+)(?:,.*)?)$/.exec(clientFirst);
    if (!m?.[1] || !m[2]) return undefined;
    this.clientFirstBare = m[1];
    this.nonce = m[2] + randomBytes(18).toString("base64");
    const v = this.verifier ?? makeVerifier(randomBytes(16).toString("hex"));
    this.serverFirst = `r=${this.nonce},s=${v.salt},i=${v.iterations}`;
    return this.serverFirst;
  }

  /** The client-final-message in; the server-final-message out when the proof is right. */
  final(clientFinal: string): string | undefined {
    const m = /^(c=[^,]*,r=([^,]+)(?:,.*?)?),p=([^,]+)$/.exec(clientFinal);
    const v = this.verifier;
    if (!m?.[1] || !m[3] || m[2] !== this.nonce || v === undefined) return undefined;
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${m[1]}`;
    const storedKey = Buffer.from(v.storedKey, "base64");
    const proof = Buffer.from(m[3], "base64");
    const signature = hmac(storedKey, authMessage);
    if (proof.length !== signature.length) return undefined;
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = (proof[i] ?? 0) ^ (signature[i] ?? 0);
    if (!timingSafeEqual(sha256(clientKey), storedKey)) return undefined;
    return `v=${hmac(Buffer.from(v.serverKey, "base64"), authMessage).toString("base64")}`;
  }
}
