/**
 * A small JSON Schema checker covering exactly the keywords rdsctl's schema
 * uses, so tests can show that documents the loader accepts or rejects get
 * the same answer from the schema an editor would use. Returns error paths.
 */
type Schema = Record<string, unknown>;

export function schemaErrors(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(root, root, value, "$", errors);
  return errors;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function matchesType(t: string, v: unknown): boolean {
  const actual = typeOf(v);
  return t === actual || (t === "number" && actual === "integer");
}

function check(root: Schema, s: Schema, v: unknown, path: string, errors: string[]): void {
  const fail = (why: string): void => {
    errors.push(`${path}: ${why}`);
  };
  if (typeof s.$ref === "string") {
    const name = s.$ref.replace("#/$defs/", "");
    const defs = root.$defs as Record<string, Schema>;
    const target = defs[name];
    if (target === undefined) throw new Error(`unknown $ref ${s.$ref}`);
    check(root, target, v, path, errors);
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => matchesType(t, v))) {
      fail(`expected ${types.join("|")}`);
      return;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.includes(v)) fail("not in enum");
  if (typeof v === "string") {
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(v)) fail("pattern");
    if (typeof s.minLength === "number" && v.length < s.minLength) fail("minLength");
    if (typeof s.maxLength === "number" && v.length > s.maxLength) fail("maxLength");
  }
  if (typeof v === "number") {
    if (typeof s.minimum === "number" && v < s.minimum) fail("minimum");
    if (typeof s.maximum === "number" && v > s.maximum) fail("maximum");
    if (typeof s.exclusiveMinimum === "number" && v <= s.exclusiveMinimum) fail("exclusiveMinimum");
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === "number" && v.length < s.minItems) fail("minItems");
    if (s.items !== undefined) {
      v.forEach((item, i) => {
        check(root, s.items as Schema, item, `${path}[${i}]`, errors);
      });
    }
  }
  if (typeOf(v) === "object") {
    const obj = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in obj)) fail(`missing ${r}`);
    for (const [k, item] of Object.entries(obj)) {
      if (s.propertyNames !== undefined) {
        check(root, s.propertyNames as Schema, k, `${path}.${k}(name)`, errors);
      }
      const p = props[k];
      if (p !== undefined) check(root, p, item, `${path}.${k}`, errors);
      else if (s.additionalProperties === false) fail(`unknown property ${k}`);
      else if (typeof s.additionalProperties === "object") {
        check(root, s.additionalProperties as Schema, item, `${path}.${k}`, errors);
      }
    }
  }
  if (s.not !== undefined && schemaErrors2(root, s.not as Schema, v).length === 0) fail("not");
  if (Array.isArray(s.anyOf)) {
    const ok = (s.anyOf as Schema[]).some((sub) => schemaErrors2(root, sub, v).length === 0);
    if (!ok) fail("anyOf");
  }
  if (Array.isArray(s.oneOf)) {
    const n = (s.oneOf as Schema[]).filter(
      (sub) => schemaErrors2(root, sub, v).length === 0,
    ).length;
    if (n !== 1) fail(`oneOf matched ${n}`);
  }
}

function schemaErrors2(root: Schema, s: Schema, v: unknown): string[] {
  const errors: string[] = [];
  check(root, s, v, "$", errors);
  return errors;
}
