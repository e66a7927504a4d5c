import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { invalid, only, show, valid } from "./_helpers.js";

/* AllowMajorVersionUpgrade on an item or under defaults, and policy.allowMajorVersionUpgrade. */

describe("spec: allowing major version upgrades", () => {
  it("the item's AllowMajorVersionUpgrade is lifted out of the fields, with its location", () => {
    const d = only(
      valid(
        "instances:\n  - DBInstanceIdentifier: a\n    EngineVersion: '17'\n    AllowMajorVersionUpgrade: true\n",
      ),
    );
    assert.equal(d.allowMajorVersionUpgrade, true);
    assert.equal("AllowMajorVersionUpgrade" in d.fields, false);
    assert.equal(d.fieldSources.AllowMajorVersionUpgrade?.line, 4);
  });

  it("absent unless declared; from defaults, an item's value winning", () => {
    const [a, b, c] = valid(
      "defaults:\n  AllowMajorVersionUpgrade: true\ninstances:\n  - DBInstanceIdentifier: a\n  - DBInstanceIdentifier: b\n    AllowMajorVersionUpgrade: false\n",
    ).instances.concat(valid("instances:\n  - DBInstanceIdentifier: c\n").instances);
    assert.equal(a?.allowMajorVersionUpgrade, true);
    assert.equal(b?.allowMajorVersionUpgrade, false);
    assert.equal(c?.allowMajorVersionUpgrade, undefined);
  });

  it("policy.allowMajorVersionUpgrade reaches every instance's policy", () => {
    const spec = valid(
      "policy:\n  allowMajorVersionUpgrade: true\ninstances:\n  - DBInstanceIdentifier: a\n",
    );
    assert.equal(only(spec).policy.allowMajorVersionUpgrade, true);
    assert.equal(
      only(valid("instances:\n  - DBInstanceIdentifier: a\n")).policy.allowMajorVersionUpgrade,
      undefined,
    );
  });

  it("both must be booleans, located", () => {
    const item = invalid(
      "instances:\n  - DBInstanceIdentifier: a\n    AllowMajorVersionUpgrade: yes-please\n",
    ).map(show);
    assert.ok(
      item.some((m) => /:3:31: .*AllowMajorVersionUpgrade: expected a boolean/.test(m)),
      item.join("\n"),
    );
    const policy = invalid(
      "policy:\n  allowMajorVersionUpgrade: 1\ninstances:\n  - DBInstanceIdentifier: a\n",
    ).map(show);
    assert.ok(
      policy.some((m) => /:2:29: .*allowMajorVersionUpgrade: expected a boolean/.test(m)),
      policy.join("\n"),
    );
  });
});
