import { hostname, networkInterfaces } from "node:os";

/**
 * The Host header rule, against DNS rebinding: a web page whose name comes to
 * resolve to 127.0.0.1 could otherwise drive (and reset) the emulator from a
 * browser, which sends the page's own name as Host. A request is served only
 * when its Host names the address the emulator listens on:
 *
 * - `127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`, and the `host` it was
 *   told to listen on, with its port;
 * - listening on every interface (`0.0.0.0`, `::`): also the machine's own
 *   addresses and host name, with its port;
 * - any name given in `allowedHosts`, with any port or none; `*` turns the
 *   check off.
 */
export class HostCheck {
  private readonly exact = new Set<string>();
  private readonly names = new Set<string>();
  private readonly any: boolean;

  constructor(host: string, port: number, allowedHosts: readonly string[]) {
    const add = (h: string) => this.exact.add(`${bracket(h.toLowerCase())}:${port}`);
    for (const h of ["127.0.0.1", "localhost", "::1", host]) add(h);
    if (host === "0.0.0.0" || host === "::") {
      add(hostname());
      for (const list of Object.values(networkInterfaces())) {
        for (const i of list ?? []) add(i.address);
      }
    }
    for (const name of allowedHosts) this.names.add(bracket(name.toLowerCase()));
    this.any = this.names.has("*");
  }

  /** Why a request with this Host is refused, or undefined when it is served. */
  refusal(host: string | undefined): string | undefined {
    if (this.any) return undefined;
    if (host === undefined || host === "") {
      return "The request has no Host header; the emulator serves only requests addressed to it.";
    }
    const h = host.toLowerCase();
    if (this.exact.has(h) || this.names.has(h) || this.names.has(withoutPort(h))) return undefined;
    return `Host ${host} is not an address this emulator listens on; it refuses such requests (DNS rebinding). Start it with --allow-host ${withoutPort(h)} to accept it.`;
  }
}

function bracket(h: string): string {
  return h.includes(":") && !h.startsWith("[") ? `[${h}]` : h;
}

function withoutPort(h: string): string {
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colon = h.lastIndexOf(":");
  return colon < 0 ? h : h.slice(0, colon);
}
