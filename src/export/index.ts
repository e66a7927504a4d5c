export type { LeftOut } from "./chosen.js";
export { defaultsToCheck, exportSpec } from "./document.js";
export { declaredVersion } from "./version.js";
export { renderExportYaml } from "./yaml.js";
