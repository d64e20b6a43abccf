/**
 * Refusing cross-site requests to the routes that change things (import, new backup,
 * delete): a page on another site must not be able to make a signed-in browser post a file.
 * Browsers send `Sec-Fetch-Site` and `Origin`; scripts and the command line send neither and
 * are let through (they authenticate explicitly). Behind a proxy, the public host comes from
 * `X-Forwarded-Host`/`Host`, or the app lists its origins in `trustedOrigins`.
 */
export function crossSiteReason(request: Request, trustedOrigins: readonly string[] = []): string | undefined {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    return `Cross-site request refused (Sec-Fetch-Site: ${site}).`;
  }
  const origin = request.headers.get("origin");
  if (!origin) return undefined;
  if (origin === "null") return "Cross-site request refused (opaque origin).";
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return `Cross-site request refused (invalid Origin "${origin}").`;
  }
  if (trustedOrigins.some((trusted) => trusted.replace(/\/+$/, "").toLowerCase() === origin.toLowerCase())) return undefined;
  const hosts = [request.headers.get("x-forwarded-host")?.split(",")[0]?.trim(), request.headers.get("host"), safeHost(request.url)]
    .filter((h): h is string => Boolean(h))
    .map((h) => h.toLowerCase());
  return hosts.includes(originHost) ? undefined : `Cross-site request refused (Origin ${origin} is not this site).`;
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
