import { AwsCallError } from "../errors.js";
import type { GuardedCall } from "./plan-reads.js";
import { sdkCommand } from "./sdk-rds.js";

/**
 * The generic call of the kinds beside instances (KindApi.send): the RDS
 * action `X` is sent as the SDK's `XCommand`, through the same guarded call
 * as every other RdsApi method (client factory, retries, abort signal, fail
 * fast, AwsCallError naming the action and its IAM permission).
 */

/** The identifier a call is about, for messages and retry notices: its first `...Name` or `...Identifier`. */
function targetOf(input: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === "string" && /(Name|Identifier)$/.test(key)) return value;
  }
  return undefined;
}

export function kindCalls(call: GuardedCall): {
  send(action: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
} {
  return {
    send(action, input) {
      const Command = sdkCommand(action);
      if (Command === undefined) {
        return Promise.reject(
          new AwsCallError(`${action}: the RDS client has no such action`, undefined),
        );
      }
      return call(action, targetOf(input), [], async (client, abortSignal) => {
        const answer = await client.send(
          new Command(input),
          ...(abortSignal === undefined ? [] : [{ abortSignal }]),
        );
        const { $metadata: _meta, ...rest } = answer as unknown as Record<string, unknown>;
        return rest;
      });
    },
  };
}
