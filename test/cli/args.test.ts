import assert from "node:assert/strict";
import { test } from "node:test";
import { integerFlag, numberFlag, parseCommandArgs, suggestFlag } from "../../src/cli/args.js";
import { createMasker, wantsColor } from "../../src/cli/context.js";
import { formatError } from "../../src/cli/report-error.js";
import { RdsctlError, UsageError } from "../../src/errors.js";

const FLAGS = { json: { type: "boolean" as const }, region: { type: "string" as const } };

test("flags and files parse in any order; --help and --debug are always known", () => {
  const parsed = parseCommandArgs(
    "plan",
    ["a.yaml", "--json", "b.yaml", "--region", "eu-west-1", "--debug"],
    FLAGS,
    true,
  );
  assert.deepEqual(parsed.positionals, ["a.yaml", "b.yaml"]);
  assert.equal(parsed.values.json, true);
  assert.equal(parsed.values.region, "eu-west-1");
  assert.equal(parsed.values.debug, true);
  assert.equal(parseCommandArgs("plan", ["-h"], FLAGS, true).values.help, true);
});

test("unknown flags are UsageErrors with the nearest known flag", () => {
  assert.throws(
    () => parseCommandArgs("plan", ["--regoin", "x"], FLAGS, true),
    (err: unknown) =>
      err instanceof UsageError &&
      err.message ===
        "unknown flag --regoin for rdsctl plan; did you mean --region? (see rdsctl plan --help)",
  );
  assert.throws(
    () => parseCommandArgs("plan", ["--completely-different"], FLAGS, true),
    (err: unknown) => err instanceof UsageError && !err.message.includes("did you mean"),
  );
  assert.throws(
    () => parseCommandArgs("schema", ["extra"], {}, false),
    /rdsctl schema takes no arguments, got "extra"/,
  );
  assert.throws(() => parseCommandArgs("plan", ["--json=yes"], FLAGS, true), UsageError);
});

test("suggestFlag ignores a value after =", () => {
  assert.equal(suggestFlag("--regon=eu-west-1", ["region", "profile"]), "--region");
  assert.equal(suggestFlag("--zzz", ["region", "profile"]), undefined);
});

test("numeric flags are checked with a message naming the flag", () => {
  assert.equal(integerFlag("port", "4566", 0, 65535), 4566);
  assert.equal(integerFlag("port", undefined, 0, 65535), undefined);
  assert.throws(
    () => integerFlag("port", "45.5", 0, 65535),
    /--port must be a whole number from 0 to 65535, got "45.5"/,
  );
  assert.throws(() => integerFlag("port", "99999", 0, 65535), UsageError);
  assert.equal(numberFlag("time-scale", "0.5"), 0.5);
  assert.equal(numberFlag("time-scale", "0"), 0);
  assert.throws(
    () => numberFlag("time-scale", "fast"),
    /--time-scale must be a number of 0 or more/,
  );
  assert.throws(() => numberFlag("time-scale", ""), UsageError);
});

test("colour: terminal only, NO_COLOR wins, FORCE_COLOR forces, TERM=dumb never", () => {
  assert.equal(wantsColor(true, {}), true);
  assert.equal(wantsColor(false, {}), false);
  assert.equal(wantsColor(true, { NO_COLOR: "1" }), false);
  assert.equal(wantsColor(true, { NO_COLOR: "" }), true, "an empty NO_COLOR does not count");
  assert.equal(wantsColor(false, { FORCE_COLOR: "1" }), true);
  assert.equal(wantsColor(false, { FORCE_COLOR: "0" }), false);
  assert.equal(wantsColor(true, { NO_COLOR: "1", FORCE_COLOR: "1" }), false);
  assert.equal(wantsColor(true, { TERM: "dumb" }), false);
});

test("errors: one line without --debug; the stack and causes with it", () => {
  const cause = new Error("socket hang up");
  const err = new RdsctlError("AWS_ERROR", "orders-db: DescribeDBInstances failed", { cause });
  assert.equal(formatError(err, false), "rdsctl: orders-db: DescribeDBInstances failed\n");
  const debug = formatError(err, true);
  assert.match(debug, /^rdsctl: orders-db: DescribeDBInstances failed\nRdsctlError: orders-db/);
  assert.match(debug, /\n\s+at /);
  assert.match(debug, /caused by: Error: socket hang up/);
  const bug = formatError(new TypeError("x is undefined"), false);
  assert.equal(
    bug,
    "rdsctl: internal error: x is undefined\nrdsctl: run again with --debug for a stack trace\n",
  );
  const program = new RdsctlError("INTERNAL", "RDS answered without an instance", {
    fault: "program",
  });
  assert.match(formatError(program, false), /run again with --debug for details/);
});

test("the output masker hides every registered secret, however often it appears", () => {
  const masker = createMasker();
  masker.add("Pa55word-xyz");
  masker.add("abc");
  assert.equal(
    masker.mask("a Pa55word-xyz b Pa55word-xyz abc"),
    "a (sensitive) b (sensitive) abc",
    "values under 4 characters are not registered",
  );
});

test("the output masker hides the URL- and form-encoded forms of a secret too", () => {
  const masker = createMasker();
  masker.add("Echo+Me Sekr3t!(x)*'");
  const forms = [
    "Echo+Me Sekr3t!(x)*'",
    "Echo%2BMe%20Sekr3t!(x)*'",
    "Echo%2BMe%20Sekr3t%21%28x%29%2A%27",
    "Echo%2BMe+Sekr3t%21%28x%29%2A%27",
    "Echo%2BMe+Sekr3t!(x)*'",
    "Echo%2bMe%20Sekr3t%21%28x%29%2a%27",
    new URLSearchParams({ p: "Echo+Me Sekr3t!(x)*'" }).toString().slice(2),
  ];
  for (const form of forms) {
    assert.equal(masker.mask(`before ${form} after`), "before (sensitive) after", form);
  }
});

test("the output masker hides a secret with a quote or backslash inside a JSON document", () => {
  const masker = createMasker();
  const secret = 'Quo"te\\Back-1';
  masker.add(secret);
  const doc = JSON.stringify({ message: `bad password ${secret}` });
  assert.equal(masker.mask(doc), JSON.stringify({ message: "bad password (sensitive)" }));
});
