import { createRequire } from "node:module";
import type * as CoreClient from "@aws-sdk/core/client";
import { editDistance } from "../text/edit-distance.js";

/** The SDK's partition data, loaded on first use with `require` (the package is CommonJS, see sdk-rds.ts). */
let partitionData: typeof CoreClient.partition | undefined;

function partition(region: string): ReturnType<typeof CoreClient.partition> {
  partitionData ??= (createRequire(import.meta.url)("@aws-sdk/core/client") as typeof CoreClient)
    .partition;
  return partitionData(region);
}

/**
 * Region names checked against the SDK's own partition data (the regions
 * each AWS partition lists), so a mistyped region fails at once with a
 * suggestion instead of as a DNS failure retried for minutes. A name the
 * data does not list and that is not one or two letters from a listed one
 * is let through: it may be a region newer than this SDK, or an emulator's.
 */

const AREAS = ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn", "us-gov"];
const DIRECTIONS = [
  "east",
  "west",
  "north",
  "south",
  "central",
  "northeast",
  "northwest",
  "southeast",
  "southwest",
];

function isListed(region: string): boolean {
  return "description" in partition(region);
}

let listed: string[] | undefined;

/** The listed regions of the usual `area-direction-n` shape, found by asking the partition data. */
export function listedRegions(): string[] {
  listed ??= AREAS.flatMap((area) =>
    DIRECTIONS.flatMap((dir) =>
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${area}-${dir}-${n}`).filter(isListed),
    ),
  );
  return listed;
}

/**
 * The listed regions, comma-separated, as the CLI's build read them from this
 * SDK's partition data (scripts/build-cli.mjs defines it as a string literal,
 * which esbuild inlines where it is used), so a spec's regions are checked
 * without loading the SDK; undefined in the library, which asks the SDK.
 */
declare const RDSCTL_LISTED_REGIONS: string | undefined;
const BUILT_REGIONS: readonly string[] | undefined =
  typeof RDSCTL_LISTED_REGIONS === "undefined" ? undefined : RDSCTL_LISTED_REGIONS.split(",");

/** The listed region nearest to `name` (at most two edits away), if any. */
function nearest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Undefined for a usable region name; otherwise the listed region it is
 * probably a typo of. With the build's list, the SDK's partition data is
 * asked only about a name that is near a listed region without being one.
 */
export function mistypedRegion(region: string): string | undefined {
  const lower = region.toLowerCase();
  const known = BUILT_REGIONS ?? listedRegions();
  if (known.includes(region)) return undefined;
  const best = nearest(lower, known);
  if (best === undefined) return lower !== region && isListed(lower) ? lower : undefined;
  if (isListed(region)) return undefined;
  if (lower !== region && isListed(lower)) return lower;
  return best;
}
