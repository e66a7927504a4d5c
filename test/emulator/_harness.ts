import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach } from "node:test";
import {
  CreateDBInstanceCommand,
  type DBInstance,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  type ModifyDBInstanceCommandInput,
  type ModifyDBInstanceCommandOutput,
  RDSClient,
  type waitUntilDBInstanceAvailable,
  type waitUntilDBInstanceDeleted,
} from "@aws-sdk/client-rds";
import type { EmulatorHandle, EmulatorOptions } from "../../src/emulator/index.js";
import { startEmulator } from "../../src/emulator/index.js";

export interface Harness {
  emu: EmulatorHandle;
  /** A client that does not retry, for asserting errors. */
  rds: RDSClient;
  /** A client with the SDK's default retries (3 attempts). */
  retrying: RDSClient;
  /** The instance as DescribeDBInstances reports it. */
  instance(id: string): Promise<DBInstance>;
  /** ModifyDBInstance of this instance with these members. */
  modify(
    id: string,
    input: Partial<ModifyDBInstanceCommandInput>,
  ): Promise<ModifyDBInstanceCommandOutput>;
  /** Creates createInput(id, extra) and moves the manual clock until it is available. */
  createAvailable(id: string, extra?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export function client(url: string, maxAttempts = 1, region = "us-east-1"): RDSClient {
  return new RDSClient({
    endpoint: url,
    region,
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
    async instance(id) {
      return (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })))
        .DBInstances![0]!;
    },
    modify(id, input) {
      return rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: id, ...input }));
    },
    async createAvailable(id, extra = {}) {
      await rds.send(new CreateDBInstanceCommand(createInput(id, extra) as never));
      emu.advance(CREATE_MS);
    },
    async close() {
      rds.destroy();
      retrying.destroy();
      await emu.close();
    },
  };
}

/**
 * One emulator for the enclosing describe: registers its before and after
 * hooks and returns the harness, whose members are filled in when `before`
 * runs (so tests and later hooks may use them, the describe body may not).
 */
export function suiteHarness(options: EmulatorOptions = {}): Harness {
  const h = {} as Harness;
  before(async () => {
    Object.assign(h, await harness(options));
  });
  after(() => h.close());
  return h;
}

/** A temporary directory for the enclosing describe, removed after its tests. */
export function suiteTempDir(prefix: string): { readonly path: string } {
  const dir = { path: "" };
  before(() => {
    dir.path = mkdtempSync(join(tmpdir(), prefix));
  });
  after(() => rmSync(dir.path, { recursive: true, force: true }));
  return dir;
}

/**
 * A fresh available instance for every test of the enclosing describe, named
 * `${prefix}1`, `${prefix}2`, ...: `id` is the one of the running test.
 */
export function instancePerTest(
  h: Harness,
  prefix: string,
  extra: Record<string, unknown> = {},
): { readonly id: string } {
  let n = 0;
  const current = { id: "" };
  beforeEach(async () => {
    n += 1;
    current.id = `${prefix}${n}`;
    await h.createAvailable(current.id, extra);
  });
  return current;
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

/** SDK waiter delays of 10-20 ms, so a waiter against the manual clock polls quickly. */
export const FAST_POLL = { minDelay: 0.01, maxDelay: 0.02 };

/** Asserts that an SDK waiter gives up with FAILURE (it met a terminal status) rather than timing out. */
export async function assertWaiterFails(
  wait: typeof waitUntilDBInstanceAvailable | typeof waitUntilDBInstanceDeleted,
  rds: RDSClient,
  id: string,
): Promise<void> {
  await assert.rejects(
    wait({ client: rds, maxWaitTime: 5, ...FAST_POLL }, { DBInstanceIdentifier: id }),
    (err: Error) => JSON.parse(err.message).state === "FAILURE",
  );
}

/** Seconds of emulator time that take a fresh instance to available at scale 1. */
export const CREATE_MS = 6000;

/**
 * The headers of a raw RDS request: a SigV4 Authorization header with no
 * credential scope (the emulator checks its presence, not its signature; no
 * scope means the default region).
 */
export const SIGNED = { authorization: "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=0" };

/** The header every admin request carries (see docs/emulator.md). */
export const ADMIN = { "x-rdsctl-emulator": "1" };

/** Post a raw Query API body and return status, request id header and XML text. */
export async function postQuery(
  url: string,
  body: string,
): Promise<{ status: number; requestId: string | null; text: string }> {
  const res = await fetch(`${url}/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...SIGNED },
    body,
  });
  return {
    status: res.status,
    requestId: res.headers.get("x-amzn-requestid"),
    text: await res.text(),
  };
}

/** Create many instances with raw requests: faster than the SDK for bulk setup. */
export async function bulkCreate(url: string, ids: string[], engine = "postgres"): Promise<void> {
  const version = engine === "postgres" ? "16" : "8.0";
  for (let i = 0; i < ids.length; i += 25) {
    await Promise.all(
      ids.slice(i, i + 25).map(async (id) => {
        const body = `Action=CreateDBInstance&Version=2014-10-31&DBInstanceIdentifier=${id}&DBInstanceClass=db.t3.micro&Engine=${engine}&EngineVersion=${version}&AllocatedStorage=20&MasterUsername=admin1&MasterUserPassword=Passw0rd1`;
        const res = await postQuery(url, body);
        if (res.status !== 200) throw new Error(`create ${id}: ${res.text}`);
      }),
    );
  }
}
