/**
 * `@aws-sdk/client-kms`, loaded with `require` for the reason sdk-rds.ts
 * gives. Only account-defaults.ts loads this module, and only when `export`
 * has a KMS key to check: plan and apply never pay for it.
 */
import { createRequire } from "node:module";
import type * as Kms from "@aws-sdk/client-kms";

const sdk = createRequire(import.meta.url)("@aws-sdk/client-kms") as typeof Kms;

export const { KMSClient, paginateListAliases } = sdk;
export type KMSClient = Kms.KMSClient;
