import { Document, isMap, isPair, isScalar, visit, type YAMLMap } from "yaml";
import { fieldWithRole } from "../kinds/instance/fields/index.js";
import { escapeText } from "../text/escape.js";
import type { ExportDocument } from "./document.js";

/**
 * A string that must not be written plain or as a block: a control character
 * or line break (a block would put a tag value's second line, perhaps
 * `::error ...`, at the start of a printed line), or a leading `:`.
 */
const NEEDS_QUOTES = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|^[\s\u0085]*:/;

/** The characters YAML's double quotes would leave raw; only quoted scalars can hold them. */
const RAW_IN_QUOTES = /[\u007f-\u009f\u2028\u2029]/g;

/**
 * Every key and value from RDS that holds a control character is written
 * double-quoted, each such character escaped, so the file (often printed on
 * stdout, in a CI log) holds no control character and no line of it starts
 * with a value.
 */
function quoteUnsafeStrings(yaml: Document): void {
  visit(yaml, {
    Scalar(_, node) {
      if (typeof node.value === "string" && NEEDS_QUOTES.test(node.value)) {
        node.type = "QUOTE_DOUBLE";
      }
    },
  });
}

function escapeRawInQuotes(text: string): string {
  return text.replace(RAW_IN_QUOTES, (ch) => {
    const code = ch.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16)}`;
  });
}

/** The YAML comment above a placeholder password. */
function passwordComment(env: string): string {
  return ` RDS never returns the master password: export it as ${env} before an apply that sends it (a rotation).`;
}

/** The key node of `map[key]`, to hang a comment on. */
function keyNode(map: YAMLMap, key: string) {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === key) return item;
  }
  return undefined;
}

/**
 * The document as a YAML spec file: a header saying where it came from, then
 * `region`, `defaults` (when any) and `instances`. Each placeholder password
 * is a flow map `{ env: NAME }` with a comment saying what to do with it.
 */
export function renderExportYaml(doc: ExportDocument, rdsctlVersion?: string): string {
  const body: Record<string, unknown> = {};
  if (doc.region !== undefined) body.region = doc.region;
  if (doc.policy !== undefined) body.policy = { ...doc.policy };
  // Groups first: they are made before the instances that name them.
  for (const r of doc.resources ?? []) body[r.specKey] = r.items;
  if (Object.keys(doc.defaults).length > 0) body.defaults = doc.defaults;
  body.instances = doc.instances.map((i) => i.fields);
  const yaml = new Document(body);
  const count = doc.instances.length;
  const header = [
    ` Written by rdsctl${rdsctlVersion === undefined ? "" : ` ${rdsctlVersion}`} export: ${count} instance${count === 1 ? "" : "s"}${doc.region === undefined ? "" : ` in ${doc.region}`}.`,
    " Fields RDS would choose by itself when they are left out are not written;",
    " `defaults` holds what every instance has in common.",
  ];
  for (const s of doc.skipped) {
    header.push(` Not exported: ${escapeText(s.id)} (${escapeText(s.status)}).`);
  }
  yaml.commentBefore = header.join("\n");
  const list = yaml.get("instances");
  doc.instances.forEach((inst, index) => {
    if (inst.passwordEnv === undefined) return;
    const item = (list as { items: unknown[] }).items[index];
    if (!isMap(item)) return;
    const pair = keyNode(item, fieldWithRole("master-password").name);
    if (pair === undefined) return;
    if (isMap(pair.value)) pair.value.flow = true;
    if (isScalar(pair.key)) pair.key.commentBefore = passwordComment(inst.passwordEnv);
  });
  quoteUnsafeStrings(yaml);
  return escapeRawInQuotes(yaml.toString({ lineWidth: 0, doubleQuotedAsJSON: true }));
}
