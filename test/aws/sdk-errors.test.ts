import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hasAwsCode, sdkErrorCode, toAwsCallError } from "../../src/aws/sdk-errors.js";
import { AwsCallError } from "../../src/errors.js";

describe("SDK error mapping", () => {
  it("reads the wire code whichever way the SDK exposed it", () => {
    assert.equal(
      sdkErrorCode({ name: "DBInstanceNotFoundFault", Code: "DBInstanceNotFound" }),
      "DBInstanceNotFound",
    );
    assert.equal(sdkErrorCode({ name: "Throttling", Error: { Code: "Throttling" } }), "Throttling");
    assert.equal(sdkErrorCode({ name: "InvalidParameterValue" }), "InvalidParameterValue");
    assert.equal(sdkErrorCode(new Error("plain")), undefined);
    assert.equal(sdkErrorCode("text"), undefined);
  });

  it("matches a code with or without the SDK's Fault suffix", () => {
    const wire = new AwsCallError("x", "InvalidDBInstanceState");
    const modelled = new AwsCallError("x", "InvalidDBInstanceStateFault");
    assert.equal(hasAwsCode(wire, "InvalidDBInstanceState"), true);
    assert.equal(hasAwsCode(modelled, "InvalidDBInstanceState"), true);
    assert.equal(hasAwsCode(wire, "DBInstanceNotFound"), false);
    assert.equal(hasAwsCode(new Error("InvalidDBInstanceState"), "InvalidDBInstanceState"), false);
  });

  it("names the operation and target, and scrubs a password the server echoed", () => {
    const secret = "Echoed-pw-777";
    const sdkError = Object.assign(new Error(`bad value ${secret} for MasterUserPassword`), {
      name: "InvalidParameterValue",
      Code: "InvalidParameterValue",
    });
    const err = toAwsCallError(sdkError, "ModifyDBInstance", "orders", [secret]);
    assert.equal(err.awsCode, "InvalidParameterValue");
    assert.equal(err.code, "AWS_ERROR");
    assert.match(
      err.message,
      /^orders: ModifyDBInstance failed: InvalidParameterValue: bad value \(sensitive\)/,
    );
    assert.equal(err.message.includes(secret), false);
    assert.equal(err.cause, undefined, "an error that carried the secret is not kept as cause");
  });

  it("keeps the SDK error as cause when nothing secret is in it", () => {
    const sdkError = Object.assign(new Error("DB instance orders not found"), {
      name: "DBInstanceNotFoundFault",
    });
    const err = toAwsCallError(sdkError, "RebootDBInstance", "orders", ["unrelated-secret"]);
    assert.equal(err.cause, sdkError);
    assert.equal(err.awsCode, "DBInstanceNotFoundFault");
  });

  it("says how to provide credentials when the SDK finds none", () => {
    const sdkError = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    const err = toAwsCallError(sdkError, "DescribeDBInstances", "orders");
    assert.match(err.message, /--profile/);
    assert.match(err.message, /--local/);
  });
});
