export { loadSpec } from "./load.js";
export { parseSpecText } from "./parse.js";
export { specJsonSchema } from "./schema.js";
export { resolveSecret } from "./secrets.js";
export type {
  DesiredInstance,
  Policy,
  SecretRef,
  SourceLocation,
  Spec,
  WaitOptions,
} from "./types.js";
export { PASSWORD_VERSION_TAG } from "./types.js";
