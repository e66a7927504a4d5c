/** rdsctl's version, read from its package.json (see src/version.ts). */
export { readVersion } from "../version.js";
