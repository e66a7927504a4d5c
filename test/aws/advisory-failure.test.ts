import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { advisoryFailure, toAwsCallError } from "../../src/aws/sdk-errors.js";

/** An SDK service exception as the client throws it: wire code as name, HTTP status in $metadata. */
function sdkError(name: string, status: number, message = `${name} happened`) {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

/** As rdsctl's client throws it: an AwsCallError with the SDK error as cause. */
function wrapped(name: string, status: number, message?: string) {
  return toAwsCallError(sdkError(name, status, message), "DescribeDBEngineVersions", "postgres");
}

describe("advisoryFailure: which failures of a read the plan can do without", () => {
  const cases: Array<[string, unknown, string | undefined]> = [
    ["AccessDenied (RDS)", wrapped("AccessDenied", 403), "denied AccessDenied"],
    [
      "AccessDeniedException (JSON services)",
      wrapped("AccessDeniedException", 400),
      "denied AccessDeniedException",
    ],
    [
      "UnauthorizedOperation (EC2-style)",
      wrapped("UnauthorizedOperation", 400),
      "denied UnauthorizedOperation",
    ],
    ["any 403", wrapped("Forbidden", 403), "denied Forbidden"],
    ["InvalidAction", wrapped("InvalidAction", 400), "not-served InvalidAction"],
    [
      "UnknownOperation",
      wrapped("UnknownOperationException", 400),
      "not-served UnknownOperationException",
    ],
    [
      "a 4xx naming an unknown action",
      wrapped("BadRequest", 400, "Unknown action DescribeDBEngineVersions"),
      "not-served BadRequest",
    ],
    ["501", wrapped("NotImplementedError", 501), "not-served NotImplementedError"],
    ["a 500", wrapped("InternalFailure", 500), "unavailable InternalFailure, HTTP 500"],
    ["a 503", wrapped("ServiceUnavailable", 503), "unavailable ServiceUnavailable, HTTP 503"],
    [
      "throttling once retries are spent",
      wrapped("Throttling", 400),
      "unavailable Throttling, HTTP 400",
    ],
    ["an answer about the request is not one", wrapped("InvalidParameterValue", 400), undefined],
    ["not found is not one", wrapped("DBParameterGroupNotFound", 404), undefined],
    [
      "a network failure stops every call alike",
      Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }),
      undefined,
    ],
  ];
  for (const [what, err, want] of cases) {
    it(what, () => {
      const got = advisoryFailure(err);
      assert.equal(got === undefined ? undefined : `${got.kind} ${got.code}`, want);
    });
  }

  it("a denied call's message names the IAM permission: rds: for RDS, sts: for STS", () => {
    assert.match(
      wrapped("AccessDenied", 403).message,
      /need the IAM permission rds:DescribeDBEngineVersions;/,
    );
    const sts = toAwsCallError(
      sdkError("AccessDenied", 403),
      "AssumeRole",
      "arn:aws:iam::1:role/x",
    );
    assert.match(sts.message, /need the IAM permission sts:AssumeRole;/);
    assert.doesNotMatch(wrapped("InternalFailure", 500).message, /IAM permission/);
  });
});
