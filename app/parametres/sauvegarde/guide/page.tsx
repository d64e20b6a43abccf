/**
 * The owner's guide (docs/GUIDE.fr.md), rendered at build time: the same text in the repository
 * and in the app.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import Link from "next/link";
import { marked } from "marked";

export const metadata = { title: "Guide de la sauvegarde — Alami Gestion" };

export default async function GuidePage() {
  const markdown = await readFile(join(process.cwd(), "docs", "GUIDE.fr.md"), "utf8");
  const html = await marked.parse(markdown);
  return (
    <>
      <p className="small">
        <Link href="/parametres/sauvegarde">← Retour à Paramètres → Sauvegarde</Link>
      </p>
      {/* Our own file from the repository, not user input. */}
      <article className="card guide" dangerouslySetInnerHTML={{ __html: html }} />
    </>
  );
}
