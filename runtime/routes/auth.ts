/**
 * Plugging in the app's own authentication. `authorize(request, action)` is called first by
 * every handler; what it returns decides:
 * - a value (a user, a session, a name): allowed, and that value is "who" in the audit log;
 * - `undefined`, `null` or `false`: 401, not signed in;
 * - `deny(403, "…")` (or `deny(401, …)`): refused with that status and message;
 * - a `Response`: sent as it is (the app's own refusal), counted as refused.
 * Throwing is a server error (500).
 */
import type { JsonValue } from "../schema.ts";

/** What each handler asks permission for, so an app can allow reading but not importing. */
export type BackupAction = "export" | "estimate" | "import" | "history" | "backup" | "download" | "delete" | "health" | "metrics";

const DENIAL = Symbol.for("prisma-backup.denial");

export interface Denial {
  readonly [DENIAL]: true;
  readonly status: 401 | 403;
  readonly message: string;
}

export type AuthorizeResult = object | string | number | true | null | undefined | false | Denial | Response;
export type Authorize = (request: Request, action: BackupAction) => AuthorizeResult | Promise<AuthorizeResult>;

export function deny(status: 401 | 403, message = status === 401 ? "Sign in to use backups." : "You are not allowed to do this."): Denial {
  return { [DENIAL]: true, status, message };
}

export type Authorization =
  | { readonly ok: true; readonly who: JsonValue }
  | { readonly ok: false; readonly status: number; readonly response?: Response; readonly message: string };

export async function checkAuthorization(authorize: Authorize, request: Request, action: BackupAction): Promise<Authorization> {
  const result = await authorize(request, action);
  if (result instanceof Response) return { ok: false, status: result.status, response: result, message: `Refused by the app (${result.status}).` };
  if (result === undefined || result === null || result === false) return { ok: false, status: 401, message: "Sign in to use backups." };
  if (typeof result === "object" && DENIAL in result) return { ok: false, status: result.status, message: result.message };
  return { ok: true, who: toJson(result) };
}

/** The actor as plain JSON, for the audit log. */
function toJson(value: unknown): JsonValue {
  if (value === true) return "anonymous";
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return String(value);
  }
}

/**
 * A ready-made `authorize` for scripts and small apps: `Authorization: Bearer <secret>`,
 * compared in constant time. Apps with users pass their own session check instead.
 */
export function bearerSecret(secret: string, who: JsonValue = "admin"): Authorize {
  if (secret.length < 8) throw new Error("bearerSecret: the secret must have at least 8 characters.");
  const expected = new TextEncoder().encode(secret);
  return (request) => {
    const given = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim();
    if (given === undefined) return undefined;
    const bytes = new TextEncoder().encode(given);
    let diff = bytes.length ^ expected.length;
    for (let i = 0; i < expected.length; i++) diff |= (bytes[i] ?? 0) ^ expected[i]!;
    return diff === 0 ? who : deny(403, "Wrong secret.");
  };
}
