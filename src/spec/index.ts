export { loadSpec } from "./load.js";
export { type ParseResult, parseSpecText, type SpecWarning } from "./parse.js";
export { specJsonSchema } from "./schema.js";
export { describeSecret, onSecretResolved, resolveSecret, secretProblem } from "./secrets.js";
export { suggestName } from "./suggest.js";
export type {
  DesiredInstance,
  Policy,
  SecretRef,
  SourceLocation,
  Spec,
  WaitOptions,
} from "./types.js";
export { PASSWORD_VERSION_TAG } from "./types.js";
