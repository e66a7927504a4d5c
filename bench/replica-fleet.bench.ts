/**
 * Issue 8's fleet figure: apply creating 100 instances plus 20 read replicas
 * (of the first 20) against the emulator, with create taking 2 s of emulator
 * time (time scale 0.5 of its 4 s). Prints: each instance created exactly
 * once; the wall time next to the critical path (a source's create and
 * backup, then its replica's create); and the naive way (create, wait, next)
 * measured on a sample of the same instances and scaled to the whole fleet,
 * with the ratio. Exits non-zero when an instance is not created exactly once.
 * Run: npm run build && node dist/bench/replica-fleet.bench.js
 */
import { createRdsApi } from "../src/aws/client.js";
import { startEmulator } from "../src/emulator/index.js";
import type { DesiredInstance, Spec } from "../src/spec/types.js";
import { applySpec } from "../src/workflow.js";

const PRIMARIES = 100;
const REPLICAS = 20;
const SCALE = 0.5;
/** The emulator's own durations (docs/emulator.md) at this scale. */
const CREATE_MS = 4000 * SCALE;
const BACKUP_MS = 2000 * SCALE;
const NAIVE_SAMPLE = { primaries: 5, replicas: 1 };
const WAIT = { delaySeconds: 0.25, maxDelaySeconds: 0.5, timeoutSeconds: 600 };

function item(id: string, source?: string): DesiredInstance {
  const fields: Record<string, unknown> = {
    DBInstanceIdentifier: id,
    DBInstanceClass: "db.t3.micro",
  };
  if (source === undefined) {
    Object.assign(fields, {
      Engine: "postgres",
      EngineVersion: "16",
      AllocatedStorage: 20,
      MasterUsername: "app",
      ManageMasterUserPassword: true,
      BackupRetentionPeriod: 1,
    });
  }
  const d: DesiredInstance = {
    id,
    fields,
    applyImmediately: true,
    policy: { purgeTags: false, rebootWhenNeeded: false },
    wait: WAIT,
    source: { file: "bench.yaml", line: 1, column: 1 },
    fieldSources: {},
  };
  if (source !== undefined) d.replicaSource = source;
  return d;
}

function fleet(prefix: string, primaries: number, replicas: number): Spec {
  const instances: DesiredInstance[] = [];
  for (let i = 0; i < primaries; i++) instances.push(item(`${prefix}-p${i}`));
  for (let i = 0; i < replicas; i++) instances.push(item(`${prefix}-r${i}`, `${prefix}-p${i}`));
  return { files: ["bench.yaml"], instances, warnings: [] };
}

const emulator = await startEmulator({ port: 0, timeScale: SCALE, seed: 1 });
const api = createRdsApi({ endpointUrl: emulator.url, region: "us-east-1" });
const conn = { region: "us-east-1", apiFactory: () => api };
let ok = true;
try {
  // The fleet in one apply.
  emulator.clearRequestLog();
  const started = performance.now();
  const { result } = await applySpec(fleet("f", PRIMARIES, REPLICAS), conn, {});
  const wallMs = performance.now() - started;
  const createdIds = emulator
    .requestLog()
    .filter((e) => e.action === "CreateDBInstance" || e.action === "CreateDBInstanceReadReplica")
    .map((e) => e.id ?? "");
  const createCalls = emulator
    .requestLog()
    .filter(
      (e) => e.action === "CreateDBInstance" || e.action === "CreateDBInstanceReadReplica",
    ).length;
  const created = result.instances.filter((i) => i.outcome === "created").length;
  const exactlyOnce =
    created === PRIMARIES + REPLICAS &&
    createCalls === PRIMARIES + REPLICAS &&
    new Set(createdIds).size === createCalls;
  if (!exactlyOnce) ok = false;
  const criticalMs = CREATE_MS + BACKUP_MS + CREATE_MS;
  console.log(
    `fleet: ${PRIMARIES} instances + ${REPLICAS} replicas, create ${CREATE_MS / 1000} s of emulator time`,
  );
  console.log(
    `  created: ${created}, create calls: ${createCalls} (each exactly once: ${exactlyOnce ? "yes" : "NO"})`,
  );
  console.log(
    `  wall time: ${(wallMs / 1000).toFixed(2)} s; critical path (source create + backup + replica create): ${(criticalMs / 1000).toFixed(2)} s; ratio ${(wallMs / criticalMs).toFixed(2)}x (target within 1.5x)`,
  );

  // The naive way, on a sample: one instance at a time, each created and waited for before the next.
  const sample = fleet("n", NAIVE_SAMPLE.primaries, NAIVE_SAMPLE.replicas);
  const primaries = sample.instances.filter((d) => d.replicaSource === undefined);
  const replicas = sample.instances.filter((d) => d.replicaSource !== undefined);
  const naiveStart = performance.now();
  for (const d of primaries) await applySpec({ ...sample, instances: [d] }, conn, {});
  const primariesMs = performance.now() - naiveStart;
  for (const d of replicas) await applySpec({ ...sample, instances: [d] }, conn, {});
  const naiveSampleMs = performance.now() - naiveStart;
  const perPrimary = primariesMs / primaries.length;
  const perReplica = (naiveSampleMs - primariesMs) / replicas.length;
  const naiveMs = PRIMARIES * perPrimary + REPLICAS * perReplica;
  console.log(
    `  naive (create, wait, next): measured ${(naiveSampleMs / 1000).toFixed(2)} s for ${NAIVE_SAMPLE.primaries} instances + ${NAIVE_SAMPLE.replicas} replica; scaled to the fleet ${(naiveMs / 1000).toFixed(1)} s; ratio naive / rdsctl ${(naiveMs / wallMs).toFixed(1)}x`,
  );
} finally {
  await emulator.close();
}
process.exit(ok ? 0 : 1);
