/**
 * The emulator stands apart from the library's error hierarchy: an
 * EmulatorError is an RDS fault to be answered on the wire (code + HTTP
 * status), or a start-up problem (bad fault spec, corrupt state file).
 */
export class EmulatorError extends Error {
  override readonly name = "EmulatorError";
  constructor(
    /** RDS wire code, e.g. `DBInstanceNotFound`. */
    readonly code: string,
    message: string,
    /** HTTP status to answer with. */
    readonly status = 400,
  ) {
    super(message);
  }
}

export function fault(code: string, message: string, status = 400): EmulatorError {
  return new EmulatorError(code, message, status);
}

export const invalidValue = (message: string) => fault("InvalidParameterValue", message);
export const invalidCombination = (message: string) =>
  fault("InvalidParameterCombination", message);
export const missing = (name: string) =>
  fault("MissingParameter", `The request must contain the parameter ${name}`);
export const instanceNotFound = (id: string) =>
  fault("DBInstanceNotFound", `DBInstance ${id} not found.`, 404);
export const parameterGroupNotFound = (name: string) =>
  fault("DBParameterGroupNotFound", `DBParameterGroup not found: ${name}`, 404);
export const subnetGroupNotFound = (name: string) =>
  fault("DBSubnetGroupNotFoundFault", `DBSubnetGroup ${name} not found.`, 404);
export const invalidState = (id: string, status: string, doing: string) =>
  fault(
    "InvalidDBInstanceState",
    `Instance ${id} is in state ${status}; it must be available to ${doing}.`,
  );
