import type { IncomingHttpHeaders } from "node:http";

/**
 * What a web page could make a browser send to the emulator, refused. The
 * Host check stops DNS rebinding; these stop a page on another site that
 * addresses the emulator by its own name (a form posted, an image loaded, a
 * `fetch` in `no-cors` mode):
 *
 * - a request whose `Origin` is not the emulator's own (`http://` and the Host
 *   it was sent to), or whose `Sec-Fetch-Site` is not `same-origin` or `none`;
 * - an RDS or STS action without a SigV4 `Authorization` header: the SDK and
 *   the AWS CLI always sign, and a page cannot add that header without a
 *   CORS preflight, which is refused;
 * - an admin request without `X-Rdsctl-Emulator: 1`, a header a page cannot
 *   add cross-site either;
 * - every `OPTIONS` (a preflight): 403, and no CORS header ever.
 */

/** The header every admin request carries. */
export const ADMIN_HEADER = "x-rdsctl-emulator";

const SIGV4 = /^AWS4-HMAC-SHA256\s/;

/** Why a request is refused as one a browser could send cross-site, or undefined. */
export function crossSiteRefusal(
  method: string,
  headers: IncomingHttpHeaders,
  admin: boolean,
): string | undefined {
  if (method === "OPTIONS") {
    return "The emulator answers no cross-origin (CORS) request.";
  }
  const origin = headers.origin;
  if (
    origin !== undefined &&
    origin.toLowerCase() !== `http://${headers.host ?? ""}`.toLowerCase()
  ) {
    return `Origin ${origin} is not the emulator's own; it refuses requests a web page sends.`;
  }
  const site = headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return `Sec-Fetch-Site ${site}: the emulator refuses requests a web page sends.`;
  }
  if (admin) {
    return headers[ADMIN_HEADER] === "1"
      ? undefined
      : `Admin requests carry the header X-Rdsctl-Emulator: 1; this one does not.`;
  }
  const authorization = headers.authorization;
  if (typeof authorization !== "string" || !SIGV4.test(authorization)) {
    return "The request is not signed: an RDS action needs an AWS Signature Version 4 Authorization header, as the SDK and the AWS CLI send.";
  }
  return undefined;
}
