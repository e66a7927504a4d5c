// Floor of `rdsctl plan` of N matching instances: parse the same spec with the
// YAML library (with positions, as any tool that reports a line must), then
// read the same pages: DescribeDBInstances of 100 identifiers each through the
// `db-instance-id` filter, four in flight, as rdsctl reads them. Nothing is
// compared or printed. Usage: node plan-fleet.cjs ENDPOINT SPEC
const { readFileSync } = require("node:fs");
const { RDSClient, DescribeDBInstancesCommand } = require("@aws-sdk/client-rds");
const YAML = require("yaml");

const [endpoint, file] = process.argv.slice(2);
const IN_FLIGHT = 4;

async function main() {
  const spec = YAML.parseDocument(readFileSync(file, "utf8")).toJS();
  const ids = spec.instances.map((i) => i.DBInstanceIdentifier.toLowerCase());
  const chunks = [];
  for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100));
  const client = new RDSClient({ region: "us-east-1", endpoint });
  const found = [];
  let next = 0;
  async function worker() {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      const out = await client.send(
        new DescribeDBInstancesCommand({
          Filters: [{ Name: "db-instance-id", Values: chunk }],
          MaxRecords: 100,
        }),
      );
      found.push(...(out.DBInstances ?? []));
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  if (found.length !== ids.length) throw new Error(`read ${found.length} of ${ids.length}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
