// Floor of the first `rdsctl apply --local` of the quickstart in a fresh
// directory: the emulator's own start (state file under .rdsctl/, as --local
// keeps it) and one CreateDBInstance of the quickstart's instance through the
// SDK, then the emulator's close. Nothing is planned or waited for.
// Usage: node local-create.mjs REPO_ROOT (run in the fresh directory)
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = process.argv[2];
const { startEmulator } = await import(
  pathToFileURL(join(root, "dist", "src", "emulator", "index.js")).href
);
const { RDSClient, CreateDBInstanceCommand } = createRequire(join(root, "package.json"))(
  "@aws-sdk/client-rds",
);

mkdirSync(".rdsctl", { recursive: true });
const emulator = await startEmulator({
  host: "127.0.0.1",
  port: 0,
  statePath: join(".rdsctl", "emulator.json"),
  timeScale: 0,
  region: "us-east-1",
});
try {
  const client = new RDSClient({ region: "us-east-1", endpoint: emulator.url });
  await client.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: "quickstart-db",
      Engine: "postgres",
      EngineVersion: "16",
      DBInstanceClass: "db.t4g.micro",
      AllocatedStorage: 20,
      MasterUsername: "app",
      ManageMasterUserPassword: true,
      BackupRetentionPeriod: 7,
      Tags: [
        { Key: "team", Value: "platform" },
        { Key: "env", Value: "dev" },
      ],
    }),
  );
} finally {
  await emulator.close();
}
