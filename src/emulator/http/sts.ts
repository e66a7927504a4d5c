import { randomBytes } from "node:crypto";
import { EmulatorError } from "./errors.js";
import type { QueryParams } from "./query.js";
import { el, esc } from "./xml.js";

/**
 * The two STS actions a client asks before touching RDS: GetCallerIdentity
 * (which account these credentials are) and AssumeRole. Credentials issued
 * by AssumeRole are remembered, so GetCallerIdentity signed with them names
 * the role's account and session; any other key is a user of the
 * emulator's own account. Nothing is authenticated.
 */

export const STS_VERSION = "2011-06-15";
const NS = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

interface Identity {
  account: string;
  arn: string;
  userId: string;
}

/** Whether a request speaks STS rather than RDS. */
export function isStsRequest(q: QueryParams): boolean {
  return q.str("Version") === STS_VERSION;
}

/** `Credential=AKID/...` of a SigV4 Authorization header. */
export function accessKeyOf(authorization: string | undefined): string | undefined {
  return authorization ? /Credential=([^/,\s]+)\//.exec(authorization)?.[1] : undefined;
}

function token(bytes: number): string {
  return randomBytes(bytes).toString("base64").replace(/[+/=]/g, "");
}

function upperId(prefix: string): string {
  return (
    prefix +
    randomBytes(12)
      .toString("hex")
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "")
      .slice(0, 16)
  );
}

function response(action: string, result: string, requestId: string): string {
  return `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${esc(requestId)}</RequestId></ResponseMetadata></${action}Response>`;
}

export class StsService {
  private readonly issued = new Map<string, Identity>();

  constructor(
    private readonly accountId: string,
    private readonly now: () => number,
  ) {}

  /** The XML answer of one STS action; an EmulatorError for a bad request. */
  answer(action: string, q: QueryParams, accessKey: string | undefined, requestId: string): string {
    if (action === "GetCallerIdentity") return this.callerIdentity(accessKey, requestId);
    if (action === "AssumeRole") return this.assumeRole(q, requestId);
    throw new EmulatorError(
      "InvalidAction",
      `The action ${action} is not valid for this web service (the emulator answers STS GetCallerIdentity and AssumeRole).`,
    );
  }

  private callerIdentity(accessKey: string | undefined, requestId: string): string {
    const who = (accessKey && this.issued.get(accessKey)) || {
      account: this.accountId,
      arn: `arn:aws:iam::${this.accountId}:user/emulator`,
      userId: "AIDAEMULATORUSER0001",
    };
    const result = el("Arn", who.arn) + el("UserId", who.userId) + el("Account", who.account);
    return response("GetCallerIdentity", result, requestId);
  }

  private assumeRole(q: QueryParams, requestId: string): string {
    const roleArn = q.str("RoleArn");
    const session = q.str("RoleSessionName");
    if (roleArn === undefined || session === undefined) {
      throw new EmulatorError(
        "MissingParameter",
        `The request must contain the parameter ${roleArn === undefined ? "RoleArn" : "RoleSessionName"}`,
      );
    }
    const m = ROLE_ARN.exec(roleArn);
    if (!m) throw new EmulatorError("ValidationError", `${roleArn} is invalid`);
    if (!SESSION_NAME.test(session)) {
      throw new EmulatorError("ValidationError", `RoleSessionName ${session} is invalid`);
    }
    const duration = Number(q.str("DurationSeconds") ?? 3600);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw new EmulatorError(
        "ValidationError",
        "DurationSeconds must be between 900 and 43200 seconds",
      );
    }
    const [, partition, account, role] = m as unknown as [string, string, string, string];
    const roleId = upperId("AROA");
    const identity: Identity = {
      account,
      arn: `arn:${partition}:sts::${account}:assumed-role/${role}/${session}`,
      userId: `${roleId}:${session}`,
    };
    const accessKeyId = upperId("ASIA");
    this.issued.set(accessKeyId, identity);
    const expiration = new Date(this.now() + duration * 1000).toISOString();
    const result =
      `<Credentials>${el("AccessKeyId", accessKeyId)}${el("SecretAccessKey", token(30))}` +
      `${el("SessionToken", token(60))}${el("Expiration", expiration)}</Credentials>` +
      `<AssumedRoleUser>${el("AssumedRoleId", identity.userId)}${el("Arn", identity.arn)}</AssumedRoleUser>`;
    return response("AssumeRole", result, requestId);
  }
}
