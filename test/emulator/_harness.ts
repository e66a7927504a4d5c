import { RDSClient } from "@aws-sdk/client-rds";
import type { EmulatorHandle, EmulatorOptions } from "../../src/emulator/index.js";
import { startEmulator } from "../../src/emulator/index.js";

export interface Harness {
  emu: EmulatorHandle;
  /** A client that does not retry, for asserting errors. */
  rds: RDSClient;
  /** A client with the SDK's default retries (3 attempts). */
  retrying: RDSClient;
  close(): Promise<void>;
}

export function client(url: string, maxAttempts = 1): RDSClient {
  return new RDSClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxAttempts,
  });
}

export async function harness(options: EmulatorOptions = {}): Promise<Harness> {
  const emu = await startEmulator({ port: 0, clock: "manual", ...options });
  const rds = client(emu.url);
  const retrying = client(emu.url, 3);
  return {
    emu,
    rds,
    retrying,
    async close() {
      rds.destroy();
      retrying.destroy();
      await emu.close();
    },
  };
}

/** Minimal valid CreateDBInstance input. */
export function createInput(id: string, extra: Record<string, unknown> = {}) {
  return {
    DBInstanceIdentifier: id,
    DBInstanceClass: "db.t3.micro",
    Engine: "postgres",
    EngineVersion: "16",
    AllocatedStorage: 20,
    MasterUsername: "appadmin",
    MasterUserPassword: "S3cret&Pass",
    ...extra,
  };
}

/** Assert that a promise rejects with an SDK error of this wire code and HTTP status. */
export async function rejectsWith(
  p: Promise<unknown>,
  code: string,
  status: number,
): Promise<Error & { Code?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (err) {
    const e = err as Error & {
      Code?: string;
      name: string;
      $metadata?: { httpStatusCode?: number };
    };
    const got = e.Code ?? e.name;
    if (got !== code || e.$metadata?.httpStatusCode !== status) {
      throw new Error(
        `expected ${code}/${status}, got ${got}/${e.$metadata?.httpStatusCode}: ${e.message}`,
      );
    }
    return e;
  }
  throw new Error(`expected ${code}/${status}, but the call succeeded`);
}

/** Seconds of emulator time that take a fresh instance to available at scale 1. */
export const CREATE_MS = 6000;

/** Create many instances with raw requests: faster than the SDK for bulk setup. */
export async function bulkCreate(url: string, ids: string[], engine = "postgres"): Promise<void> {
  const version = engine === "postgres" ? "16" : "8.0";
  for (let i = 0; i < ids.length; i += 25) {
    await Promise.all(
      ids.slice(i, i + 25).map(async (id) => {
        const body = `Action=CreateDBInstance&Version=2014-10-31&DBInstanceIdentifier=${id}&DBInstanceClass=db.t3.micro&Engine=${engine}&EngineVersion=${version}&AllocatedStorage=20&MasterUsername=admin1&MasterUserPassword=Passw0rd1`;
        const res = await fetch(`${url}/`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body,
        });
        if (res.status !== 200) throw new Error(`create ${id}: ${await res.text()}`);
      }),
    );
  }
}
