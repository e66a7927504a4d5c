import type { RdsApi } from "../../src/aws/rds-api.js";

/** One call made through a RecordingApi: the method and the arguments as sent. */
export interface RecordedCall {
  method: keyof RdsApi;
  args: unknown[];
}

/**
 * Passes every call through to a real RdsApi and records what was sent, so a
 * test can assert on request parameters (the emulator's request log keeps
 * only actions and ids, never parameters).
 */
export function recordingApi(
  inner: RdsApi,
  calls: RecordedCall[] = [],
): { api: RdsApi; calls: RecordedCall[] } {
  const api = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if (prop === "withCallOptions") {
        // A view with other call options records into the same list.
        return (...args: unknown[]) =>
          recordingApi((value as (...a: unknown[]) => RdsApi).apply(target, args), calls).api;
      }
      return (...args: unknown[]) => {
        calls.push({ method: prop as keyof RdsApi, args: structuredClone(args) });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { api, calls };
}

/** The first argument of every recorded call to `method` (the request input), in order. */
export function inputsOf(
  calls: RecordedCall[],
  method: keyof RdsApi,
): Array<Record<string, unknown>> {
  return calls
    .filter((c) => c.method === method)
    .map((c) => (c.args[0] ?? {}) as Record<string, unknown>);
}
