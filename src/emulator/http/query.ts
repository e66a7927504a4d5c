import { invalidValue, missing } from "./errors.js";

/**
 * Typed access to the form-encoded parameters of one Query API request.
 * List members arrive as `Name.Member.N` (1-based); an empty list arrives as
 * `Name=` and reads as [].
 */
export class QueryParams {
  constructor(readonly raw: Map<string, string>) {}

  static parse(body: string): QueryParams {
    const raw = new Map<string, string>();
    for (const [k, v] of new URLSearchParams(body)) raw.set(k, v);
    return new QueryParams(raw);
  }

  has(name: string): boolean {
    return this.raw.has(name);
  }

  str(name: string): string | undefined {
    return this.raw.get(name);
  }

  req(name: string): string {
    const v = this.raw.get(name);
    if (v === undefined || v === "") throw missing(name);
    return v;
  }

  int(name: string): number | undefined {
    const v = this.raw.get(name);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw invalidValue(`Invalid value for ${name}: expected an integer.`);
    return Number(v);
  }

  bool(name: string): boolean | undefined {
    const v = this.raw.get(name);
    if (v === undefined) return undefined;
    if (v === "true") return true;
    if (v === "false") return false;
    throw invalidValue(`Invalid value for ${name}: expected true or false.`);
  }

  date(name: string): number | undefined {
    const v = this.raw.get(name);
    if (v === undefined) return undefined;
    const t = Date.parse(v);
    if (Number.isNaN(t))
      throw invalidValue(`Invalid value for ${name}: expected an ISO-8601 time.`);
    return t;
  }

  /** `Name.Member.N` values in index order; undefined when absent, [] for `Name=`. */
  list(name: string, member: string): string[] | undefined {
    const prefix = `${name}.${member}.`;
    const found: Array<[number, string]> = [];
    for (const [k, v] of this.raw) {
      if (k.startsWith(prefix)) {
        const n = Number(k.slice(prefix.length));
        if (Number.isInteger(n)) found.push([n, v]);
      }
    }
    if (found.length === 0) return this.raw.has(name) ? [] : undefined;
    return found.sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  }

  /** Structured list members: `Name.Member.N.Field` → [{Field: value}]. */
  structList(name: string, member: string): Array<Map<string, string>> | undefined {
    const prefix = `${name}.${member}.`;
    const byIndex = new Map<number, Map<string, string>>();
    for (const [k, v] of this.raw) {
      if (!k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      const dot = rest.indexOf(".");
      if (dot < 0) continue;
      const n = Number(rest.slice(0, dot));
      if (!Number.isInteger(n)) continue;
      let entry = byIndex.get(n);
      if (!entry) {
        entry = new Map();
        byIndex.set(n, entry);
      }
      entry.set(rest.slice(dot + 1), v);
    }
    if (byIndex.size === 0) return this.raw.has(name) ? [] : undefined;
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  }

  tags(): Array<{ Key: string; Value: string }> | undefined {
    const entries = this.structList("Tags", "Tag");
    if (!entries) return undefined;
    return entries.map((e) => ({ Key: e.get("Key") ?? "", Value: e.get("Value") ?? "" }));
  }

  filters(): Array<{ name: string; values: string[] }> {
    const entries = this.structList("Filters", "Filter") ?? [];
    return entries.map((e) => {
      const values: Array<[number, string]> = [];
      for (const [k, v] of e) {
        const m = /^Values\.Value\.(\d+)$/.exec(k);
        if (m) values.push([Number(m[1]), v]);
      }
      const name = e.get("Name");
      if (!name) throw missing("Filters.Filter.N.Name");
      return { name, values: values.sort((a, b) => a[0] - b[0]).map((x) => x[1]) };
    });
  }
}
