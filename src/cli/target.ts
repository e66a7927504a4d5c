/** The --target ids given, as a list (the flag is repeatable); the library narrows the spec. */
export function targetFlag(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
