/**
 * `@aws-sdk/client-ec2`, loaded with `require` for the reason sdk-rds.ts
 * gives. Only account-defaults.ts loads this module, and only when `export`
 * has a security group to check: plan and apply never pay for it.
 */
import { createRequire } from "node:module";
import type * as Ec2 from "@aws-sdk/client-ec2";

const sdk = createRequire(import.meta.url)("@aws-sdk/client-ec2") as typeof Ec2;

export const { EC2Client, paginateDescribeSecurityGroups } = sdk;
export type EC2Client = Ec2.EC2Client;
