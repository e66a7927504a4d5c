import { EmulatorError } from "./errors.js";

/**
 * The actions the emulator refuses as an IAM policy without them would: a
 * least-privilege role to test against. Names are RDS action names
 * (`DescribeDBEngineVersions`); an `rds:` prefix is accepted and dropped.
 */
export class DenyList {
  private readonly actions = new Set<string>();

  /** Replaces the list: an array of names, or the command-line form `A,B,C`. */
  set(value: readonly string[] | string): void {
    const names = typeof value === "string" ? value.split(",") : value;
    const parsed = names.map((n) => n.trim().replace(/^rds:/i, "")).filter((n) => n !== "");
    for (const name of parsed) {
      if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) {
        throw new EmulatorError(
          "InvalidDenySpec",
          `"${name}" is not an action name (expected e.g. DescribeDBEngineVersions)`,
        );
      }
    }
    this.actions.clear();
    for (const name of parsed) this.actions.add(name);
  }

  has(action: string): boolean {
    return this.actions.has(action);
  }

  list(): string[] {
    return [...this.actions].sort();
  }
}

/** RDS's message for an action the caller's policy does not allow. */
export function accessDeniedMessage(action: string, region: string, accountId: string): string {
  return (
    `User: arn:aws:iam::${accountId}:user/emulator is not authorized to perform: rds:${action} ` +
    `on resource: arn:aws:rds:${region}:${accountId}:db:* because no identity-based policy allows the rds:${action} action`
  );
}
