import { createRequire } from "node:module";
import type * as CoreClient from "@aws-sdk/core/client";
import { editDistance } from "../text/edit-distance.js";

// Loaded with `require`, as sdk-rds.ts explains: the package is CommonJS.
const { partition } = createRequire(import.meta.url)("@aws-sdk/core/client") as typeof CoreClient;

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
function listedRegions(): string[] {
  listed ??= AREAS.flatMap((area) =>
    DIRECTIONS.flatMap((dir) =>
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${area}-${dir}-${n}`).filter(isListed),
    ),
  );
  return listed;
}

/** Undefined for a usable region name; otherwise the listed region it is probably a typo of. */
export function mistypedRegion(region: string): string | undefined {
  if (isListed(region)) return undefined;
  const lower = region.toLowerCase();
  if (lower !== region && isListed(lower)) return lower;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of listedRegions()) {
    const d = editDistance(lower, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
