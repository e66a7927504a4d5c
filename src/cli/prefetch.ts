/**
 * Start loading the modules that talk to AWS while the spec is being read, so
 * module loading and spec parsing overlap instead of queueing. A failure is
 * reported by whoever awaits the promise, never as an unhandled rejection.
 */
export function prefetchAwsModules(): Promise<
  [
    typeof import("../workflow.js"),
    typeof import("../aws/client.js"),
    typeof import("../aws/identity.js"),
  ]
> {
  // identity.js (STS, for the account line) is awaited by account.ts; loading it here overlaps it too.
  const modules = Promise.all([
    import("../workflow.js"),
    import("../aws/client.js"),
    import("../aws/identity.js"),
  ]);
  modules.catch(() => {});
  return modules;
}
