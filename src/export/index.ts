export { type ExportDocument, exportSpec } from "./document.js";
export { type ExportedInstance, exportInstance, passwordEnvName } from "./instance.js";
export { declaredVersion } from "./version.js";
export { renderExportYaml } from "./yaml.js";
