import { editDistance } from "../text/edit-distance.js";

/**
 * "Did you mean" for misspelt keys: a case-insensitive exact match first
 * (`allocatedStorage` -> `AllocatedStorage`), then the closest name by edit
 * distance, if it is close enough to be a plausible typo.
 */
export { editDistance };

export function suggestName(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;

  // Allow roughly one edit per three characters, at least one, at most four.
  const budget = Math.min(4, Math.max(1, Math.floor(input.length / 3)));
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined) return best;

  // A truncated or spelt-out name (`timeout` for `timeoutSeconds`,
  // `environment` for `env`) is a likely slip too.
  const prefixed = candidates.filter((c) => {
    const cl = c.toLowerCase();
    return (lower.length >= 4 && cl.startsWith(lower)) || (cl.length >= 3 && lower.startsWith(cl));
  });
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/**
 * The message for an unknown key; the caller prefixes the key's path, giving
 * "instances[0].AlocatedStorage: unknown field; did you mean AllocatedStorage?".
 */
export function unknownKeyMessage(
  key: string,
  candidates: readonly string[],
  what = "field",
): string {
  const guess = suggestName(key, candidates);
  if (guess !== undefined) return `unknown ${what}; did you mean ${guess}?`;
  if (candidates.length <= 8) return `unknown ${what}; expected one of ${candidates.join(", ")}`;
  return `unknown ${what}`;
}
