import type { Modification } from "../actions/modification.js";
import { invalidCombination, invalidValue } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import { esc, wrap } from "../http/xml.js";
import type { Instance } from "../state/model.js";

/*
 * Kerberos authentication through an AWS Managed Microsoft AD directory:
 * `Domain` (a directory id) and `DomainIAMRoleName`, reported as
 * `DomainMemberships`. Self-managed directories (DomainFqdn, DomainOu,
 * DomainAuthSecretArn, DomainDnsIps) are for SQL Server and Oracle and are
 * refused with the other parameters the emulator does not model.
 */

/** Engines RDS joins to a directory, of those the emulator models. */
const DOMAIN_ENGINES = ["postgres", "mysql"];

function checkDomain(engine: string, domain: string): string {
  if (!DOMAIN_ENGINES.includes(engine)) {
    throw invalidCombination(`Domain is not supported for engine ${engine}.`);
  }
  if (!/^d-[0-9a-f]{10}$/.test(domain)) {
    throw invalidValue(`Invalid Domain: ${domain}. A directory id looks like d-1234567890.`);
  }
  return domain;
}

function needRole(role: string | undefined): string {
  if (!role) {
    throw invalidCombination("DomainIAMRoleName is required to join a DB instance to a domain.");
  }
  return role;
}

/** Domain settings of a new instance. */
export function createDomain(
  q: QueryParams,
  engine: string,
): { Domain?: string; DomainIAMRoleName?: string } {
  const domain = q.str("Domain");
  const role = q.str("DomainIAMRoleName");
  if (domain === undefined) {
    if (role !== undefined) {
      throw invalidCombination("DomainIAMRoleName can only be specified together with Domain.");
    }
    return {};
  }
  return { Domain: checkDomain(engine, domain), DomainIAMRoleName: needRole(role) };
}

/**
 * Modify: joining, moving or leaving (`Domain=none` or `DisableDomain=true`)
 * waits for the maintenance window unless ApplyImmediately, with a brief
 * outage, as the reference says. "" in the pending values means leaving.
 */
export function domainChange(m: Modification, q: QueryParams): void {
  const { inst } = m;
  const domain = q.str("Domain");
  const role = q.str("DomainIAMRoleName");
  const disable = q.bool("DisableDomain") === true;
  if (disable && domain !== undefined && domain !== "none") {
    throw invalidCombination("You can't specify both Domain and DisableDomain.");
  }
  if (domain === undefined && role === undefined && !disable) return;
  const leave = disable || domain === "none";
  const currentDomain = inst.Domain ?? "";
  const currentRole = inst.DomainIAMRoleName ?? "";
  const target = leave
    ? ""
    : domain !== undefined
      ? checkDomain(inst.Engine, domain)
      : (m.effective("Domain", currentDomain) ?? "");
  if (!leave && target === "") {
    throw invalidCombination("DomainIAMRoleName can only be specified together with Domain.");
  }
  const targetRole = leave
    ? ""
    : // A queued removal's "" is no role: fall back to the one in use.
      needRole(role ?? (m.effective("DomainIAMRoleName", currentRole) || currentRole || undefined));
  m.deferrable("Domain", currentDomain, target);
  m.deferrable("DomainIAMRoleName", currentRole, targetRole);
}

export function applyDomain(inst: Instance, domain: string | undefined, role: string | undefined) {
  if (domain === "") {
    delete inst.Domain;
    delete inst.DomainIAMRoleName;
    return;
  }
  if (domain !== undefined) inst.Domain = domain;
  if (role !== undefined && role !== "") inst.DomainIAMRoleName = role;
}

function membership(domain: string, status: string, role: string | undefined): string {
  const r = role ? `<IAMRoleName>${esc(role)}</IAMRoleName>` : "";
  return `<DomainMembership><Domain>${esc(domain)}</Domain><Status>${status}</Status>${r}</DomainMembership>`;
}

/**
 * `DomainMemberships`: the directory joined, and the one being joined or left
 * (`pending-join` / `pending-removal` while applied now, `pending-maintenance-*`
 * while deferred to the window).
 */
export function domainXml(inst: Instance): string {
  const inFlight = inst.inFlight.Domain !== undefined;
  const next = inst.inFlight.Domain ?? inst.deferred.Domain;
  const nextRole =
    inst.inFlight.DomainIAMRoleName ?? inst.deferred.DomainIAMRoleName ?? inst.DomainIAMRoleName;
  const prefix = inFlight ? "pending-" : "pending-maintenance-";
  let out = "";
  if (inst.Domain) {
    const leaving = next !== undefined && next !== inst.Domain;
    out += membership(inst.Domain, leaving ? `${prefix}removal` : "joined", inst.DomainIAMRoleName);
  }
  if (next && next !== inst.Domain) out += membership(next, `${prefix}join`, nextRole);
  return wrap("DomainMemberships", out);
}
