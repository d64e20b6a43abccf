/**
 * The reference app's authentication: one administrator secret, simple and real.
 *
 * - The secret comes from `BACKUP_ADMIN_SECRET` (`npm start` generates one and prints it when
 *   the variable is unset). Without it, nothing is served.
 * - Signing in (`POST /api/session` with the secret) sets an HttpOnly, SameSite=Strict cookie
 *   `pb_session` = `<expiry>.<HMAC-SHA-256(secret, expiry)>`, valid 12 hours; changing the secret
 *   signs everyone out.
 * - Scripts may send `Authorization: Bearer <secret>` instead of the cookie.
 *
 * `authorize(request)` is what the backup routes call; an app with its own users replaces it
 * with its own session check (see README, "Routes").
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "pb_session";
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export interface Session {
  /** Who, as the audit log records it. */
  readonly user: string;
  readonly via: "session" | "token";
}

function adminSecret(): string | undefined {
  const secret = process.env.BACKUP_ADMIN_SECRET;
  return secret && secret.length >= 8 ? secret : undefined;
}

function sign(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(`prisma-backup-session:${payload}`).digest("base64url");
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** True when `candidate` is the administrator secret. */
export function isAdminSecret(candidate: string): boolean {
  const secret = adminSecret();
  return secret !== undefined && safeEqual(candidate, secret);
}

/** A fresh session cookie value. */
export function createSessionToken(now = Date.now()): string {
  const secret = adminSecret();
  if (!secret) throw new Error("BACKUP_ADMIN_SECRET is not set (at least 8 characters).");
  const expires = String(now + SESSION_MAX_AGE_S * 1000);
  return `${expires}.${sign(secret, expires)}`;
}

/** The session a cookie value stands for, or undefined when it is missing, forged or expired. */
export function verifySessionToken(token: string | undefined, now = Date.now()): Session | undefined {
  const secret = adminSecret();
  if (!secret || !token) return undefined;
  const [expires, signature] = token.split(".");
  if (!expires || !signature || !/^\d+$/.test(expires) || Number(expires) < now) return undefined;
  return safeEqual(signature, sign(secret, expires)) ? { user: "admin", via: "session" } : undefined;
}

/** Reads one cookie from a `Cookie` header. */
export function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/** The backup routes' `authorize`: the session cookie, or the secret as a bearer token. */
export function authorize(request: Request): Session | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (bearer !== undefined) return isAdminSecret(bearer.trim()) ? { user: "admin", via: "token" } : undefined;
  return verifySessionToken(cookieValue(request.headers.get("cookie"), SESSION_COOKIE));
}
