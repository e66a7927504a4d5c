// Floor of `rdsctl plan` of one matching instance: load the SDK's RDS and STS
// clients, ask STS who the credentials are (plan names the account), then one
// DescribeDBInstances for the instance. No spec is read. Usage:
// node plan-one.cjs ENDPOINT ID
const { RDSClient, DescribeDBInstancesCommand } = require("@aws-sdk/client-rds");
const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts");

const [endpoint, id] = process.argv.slice(2);
const config = { region: "us-east-1", endpoint };

async function main() {
  await new STSClient(config).send(new GetCallerIdentityCommand({}));
  const out = await new RDSClient(config).send(
    new DescribeDBInstancesCommand({ Filters: [{ Name: "db-instance-id", Values: [id] }] }),
  );
  if (out.DBInstances?.length !== 1)
    throw new Error(`expected 1 instance, got ${out.DBInstances?.length}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
