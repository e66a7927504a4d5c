// Loaded with this module, which the CLI loads while the spec is read (cli/prefetch.ts).

import { AwsCallError } from "../errors.js";
import { stsClient } from "./assume-role.js";
import { connectionCredentials } from "./client.js";
import type { ConnectionOptions } from "./rds-api.js";
import * as sts from "./sdk-sts.js";

/** Who the credentials of a connection are: STS GetCallerIdentity's answer. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/**
 * One STS GetCallerIdentity call with the credentials, retries, timeouts and
 * guards the RDS client of these options has (client-factory.ts), to the STS
 * endpoint that goes with them (an emulator answers it too). It needs no IAM
 * permission.
 */
export async function callerIdentity(options: ConnectionOptions): Promise<CallerIdentity> {
  const guarded = stsClient(sts, options, connectionCredentials(options));
  try {
    const out = await guarded.call({}, "GetCallerIdentity", undefined, [], (client, abortSignal) =>
      client.send(
        new sts.GetCallerIdentityCommand({}),
        abortSignal === undefined ? {} : { abortSignal },
      ),
    );
    if (out.Account === undefined) {
      throw new AwsCallError("GetCallerIdentity answered without an account", undefined);
    }
    return { account: out.Account, arn: out.Arn ?? "", userId: out.UserId ?? "" };
  } finally {
    const built = await guarded.client().catch(() => undefined);
    built?.destroy();
  }
}
