import { partition } from "@aws-sdk/core/client";

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

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Undefined for a usable region name; otherwise the listed region it is probably a typo of. */
export function mistypedRegion(region: string): string | undefined {
  if (isListed(region)) return undefined;
  const lower = region.toLowerCase();
  if (lower !== region && isListed(lower)) return lower;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of listedRegions()) {
    const d = distance(lower, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
