/**
 * `@aws-sdk/client-sts`, loaded with `require` for the reason sdk-rds.ts
 * gives: the package is CommonJS, and `require` compiles it once where an
 * ES import compiles it twice.
 */
import { createRequire } from "node:module";
import type * as Sts from "@aws-sdk/client-sts";

const sdk = createRequire(import.meta.url)("@aws-sdk/client-sts") as typeof Sts;

export const { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } = sdk;
export type STSClient = Sts.STSClient;
