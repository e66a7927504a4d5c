import type { WaitOptions } from "./types.js";

/**
 * How apply waits when the spec says nothing: the spec loader fills these in,
 * and apply uses them for an instance it has no spec entry for. Kept apart
 * from the YAML reader so apply can use them without loading it.
 */
export const DEFAULT_WAIT: WaitOptions = {
  delaySeconds: 2,
  maxDelaySeconds: 30,
  timeoutSeconds: 3600,
};
