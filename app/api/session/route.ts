/**
 * Signing in and out of the reference app (see app/_lib/auth.ts). A plain HTML form posts
 * here, so signing in works without JavaScript.
 */
import { createSessionToken, isAdminSecret, SESSION_COOKIE, SESSION_MAX_AGE_S } from "../../_lib/auth.ts";

export const dynamic = "force-dynamic";

/** Only paths of this app: never `//host` or an absolute URL (no open redirect). */
function safeNext(value: FormDataEntryValue | null): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true; // not a browser form post from another site (browsers send Origin on POST)
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function redirect(location: string, cookie?: string): Response {
  const headers = new Headers({ location });
  if (cookie) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}

function cookie(request: Request, value: string, maxAge: number): string {
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}

export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) return Response.json({ error: "Requête refusée : elle ne vient pas de cette application." }, { status: 403 });
  const form = await request.formData();
  const next = safeNext(form.get("suite"));
  if (form.get("action") === "deconnexion") return redirect("/connexion", cookie(request, "", 0));
  const secret = form.get("secret");
  if (typeof secret !== "string" || !isAdminSecret(secret)) {
    return redirect(`/connexion?erreur=1&suite=${encodeURIComponent(next)}`);
  }
  return redirect(next, cookie(request, createSessionToken(), SESSION_MAX_AGE_S));
}
