/**
 * Problems of the runtime (stable codes, English messages) told in French to the owner: a
 * sentence per code saying what is wrong and what to do, with where it applies. The runtime's
 * own message stays available as the technical detail.
 */
import type { Problem } from "../../runtime/options.ts";
import { modelLabel } from "./models.ts";

const MESSAGES: Readonly<Record<string, string>> = {
  empty_file: "Le fichier est vide. Choisissez un fichier de sauvegarde (.json.gz ou .json).",
  not_a_backup: "Ce fichier n’est pas une sauvegarde de cette application. Choisissez un fichier exporté depuis Paramètres → Sauvegarde (.json.gz ou .json).",
  corrupt_gzip: "Le fichier est endommagé ou incomplet (archive gzip invalide). Utilisez une autre copie de la sauvegarde.",
  too_large: "Le fichier est trop volumineux. Exportez une sauvegarde partielle (moins de modules).",
  invalid_utf8: "Le fichier contient du texte illisible (pas de l’UTF-8). Utilisez une autre copie de la sauvegarde.",
  invalid_json: "Le fichier est endommagé : son contenu n’est pas du JSON valide. Utilisez une autre copie de la sauvegarde.",
  missing_checksum: "Le fichier est incomplet : sa somme de contrôle manque (fichier tronqué ou non produit par cette application). Utilisez une autre copie de la sauvegarde.",
  checksum_mismatch: "Le fichier a été modifié ou endommagé : sa somme de contrôle ne correspond pas à son contenu. Utilisez une autre copie de la sauvegarde.",
  unsupported_version: "Ce fichier a été produit par une version plus récente (ou trop ancienne) de l’application. Mettez l’application à jour, puis recommencez.",
  invalid_metadata: "Les informations d’en-tête du fichier sont incohérentes : il a été modifié ou endommagé.",
  unknown_module: "Le fichier mentionne un module que cette application ne connaît pas.",
  schema_changed: "Le fichier vient d’une autre version du modèle de données ; chaque enregistrement est vérifié champ par champ.",
  unknown_field: "Le fichier contient un champ que cette application ne connaît pas ; il sera ignoré.",
  missing_field: "Un champ manque dans le fichier.",
  invalid_record: "Un enregistrement contient une valeur invalide.",
  duplicate_id: "Deux enregistrements ont le même identifiant.",
  duplicate_key: "Deux enregistrements ont la même clé (par exemple le même e-mail ou la même référence).",
  dangling_reference: "Un enregistrement fait référence à un autre qui n’existe ni dans le fichier ni dans vos données.",
  pre_import_backup_failed: "La sauvegarde de sécurité avant l’import a échoué : rien n’a été importé.",
  database_error: "La base de données a refusé une écriture : l’import a été annulé, rien n’a été modifié.",
};

export interface ProblemText {
  readonly message: string;
  /** Where: model, record, field and JSON path, when known. */
  readonly where?: string;
  /** The runtime's own message. */
  readonly detail: string;
}

export function describeProblem(problem: Problem): ProblemText {
  const where = [
    problem.model ? modelLabel(problem.model) : undefined,
    problem.recordId ? `n° ${problem.recordId}` : undefined,
    problem.field ? `champ « ${problem.field} »` : undefined,
    problem.path ? `(${problem.path})` : undefined,
  ].filter(Boolean);
  return {
    message: MESSAGES[problem.code] ?? problem.message,
    ...(where.length > 0 ? { where: where.join(", ") } : {}),
    detail: problem.message,
  };
}

/** Bytes in French units (Ko, Mo, Go). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} octets`;
  const units = ["Ko", "Mo", "Go"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString("fr-FR", { maximumFractionDigits: 1 })} ${units[unit]}`;
}
