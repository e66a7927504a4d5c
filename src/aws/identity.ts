import { AwsCallError } from "../errors.js";
import { stsClientConfig, stsEndpoint } from "./assume-role.js";
import { isLoopbackUrl, sdkClientConfig } from "./client.js";
import { probeEndpoint } from "./probe.js";
import type { ConnectionOptions } from "./rds-api.js";
import { toAwsCallError } from "./sdk-errors.js";
import { GetCallerIdentityCommand, STSClient } from "./sdk-sts.js";

/** Who the credentials of a connection are: STS GetCallerIdentity's answer. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/**
 * One STS GetCallerIdentity call with the credentials, retries and endpoint
 * the RDS client of these options would use (an emulator answers it too).
 * It needs no IAM permission.
 */
export async function callerIdentity(options: ConnectionOptions): Promise<CallerIdentity> {
  const base = await sdkClientConfig(options);
  const endpoint = stsEndpoint(options);
  if (isLoopbackUrl(endpoint) && endpoint !== undefined) await probeEndpoint(endpoint);
  const client = new STSClient(stsClientConfig(options, base));
  try {
    const out = await client.send(new GetCallerIdentityCommand({})).catch((err: unknown) => {
      throw toAwsCallError(err, "GetCallerIdentity", undefined);
    });
    if (out.Account === undefined) {
      throw new AwsCallError("GetCallerIdentity answered without an account", undefined);
    }
    return { account: out.Account, arn: out.Arn ?? "", userId: out.UserId ?? "" };
  } finally {
    client.destroy();
  }
}
