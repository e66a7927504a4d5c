/** XML building by string concatenation: the hot path of DescribeDBInstances. */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export function esc(text: string): string {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : text;
}

/** `<name>value</name>`, or nothing when the value is undefined. */
export function el(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return "";
  return `<${name}>${typeof value === "string" ? esc(value) : String(value)}</${name}>`;
}

/** A list whose members are plain text: `<Outer><member>a</member></Outer>`. */
export function textList(outer: string, member: string, values: readonly string[]): string {
  if (values.length === 0) return `<${outer}/>`;
  let out = `<${outer}>`;
  for (const v of values) out += `<${member}>${esc(v)}</${member}>`;
  return `${out}</${outer}>`;
}

/** Wrap raw member XML (already built) in an outer element, self-closing when empty. */
export function wrap(outer: string, inner: string): string {
  return inner === "" ? `<${outer}/>` : `<${outer}>${inner}</${outer}>`;
}

const NS = "http://rds.amazonaws.com/doc/2014-10-31/";

export function successXml(action: string, result: string | undefined, requestId: string): string {
  const body = result === undefined ? "" : `<${action}Result>${result}</${action}Result>`;
  return `<${action}Response xmlns="${NS}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export function errorXml(status: number, code: string, message: string, requestId: string): string {
  const type = status >= 500 ? "Receiver" : "Sender";
  return `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
