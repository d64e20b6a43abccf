/** The signed-in check of server components: pages redirect to the sign-in page without a session. */
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, verifySessionToken, type Session } from "./auth.ts";

export async function currentSession(): Promise<Session | undefined> {
  const store = await cookies();
  return verifySessionToken(store.get(SESSION_COOKIE)?.value);
}

export async function requireSession(from: string): Promise<Session> {
  const session = await currentSession();
  if (!session) redirect(`/connexion?suite=${encodeURIComponent(from)}`);
  return session;
}
