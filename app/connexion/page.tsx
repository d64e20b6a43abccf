import { redirect } from "next/navigation";
import { currentSession } from "../_lib/session.ts";

export const dynamic = "force-dynamic";

export default async function SignIn({ searchParams }: { searchParams: Promise<{ suite?: string; erreur?: string }> }) {
  const { suite, erreur } = await searchParams;
  const next = suite && suite.startsWith("/") && !suite.startsWith("//") ? suite : "/";
  if (await currentSession()) redirect(next);
  return (
    <section className="card login">
      <h1>Connexion</h1>
      <p className="muted small">Entrez le code administrateur affiché au démarrage de l’application (variable BACKUP_ADMIN_SECRET).</p>
      {erreur ? (
        <div className="alert error" role="alert">
          Code administrateur incorrect.
        </div>
      ) : null}
      <form action="/api/session" method="post">
        <input type="hidden" name="suite" value={next} />
        <label htmlFor="secret">Code administrateur</label>
        <input id="secret" name="secret" type="password" autoComplete="current-password" required autoFocus />
        <button type="submit" className="button">
          Se connecter
        </button>
      </form>
    </section>
  );
}
