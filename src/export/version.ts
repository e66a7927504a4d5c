import { majorOf } from "../plan/engine-version.js";

/**
 * The engine version as a user would declare it: the major ("16", "8.0"),
 * which matches whatever minor RDS moves to, unless automatic minor upgrades
 * are off, in which case the minor is pinned and the full version is what
 * the user chose.
 */
export function declaredVersion(
  engine: string,
  version: string,
  autoMinorVersionUpgrade: boolean | undefined,
): string {
  if (autoMinorVersionUpgrade === false) return version;
  const major = majorOf(engine, version);
  return major === "" ? version : major;
}
