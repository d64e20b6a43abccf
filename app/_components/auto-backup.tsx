"use client";
/**
 * The daily automatic backup, mounted once in the layout for signed-in users: on the first
 * opening of each day it downloads one backup, with a discreet toast while it runs and one
 * with the file name when it is done (see runtime/react/use-auto-backup.ts).
 */
import { toast } from "sonner";
import { useAutoBackup } from "../../runtime/react/index.ts";
import { AUTO_BACKUP_NAMESPACE, EXPORT_URL } from "../_lib/api.ts";

const TOAST_ID = "auto-backup";

export function AutoBackup() {
  useAutoBackup({
    url: EXPORT_URL,
    namespace: AUTO_BACKUP_NAMESPACE,
    onStart: () => toast.loading("Sauvegarde en cours…", { id: TOAST_ID, description: "Sauvegarde automatique du jour" }),
    onSuccess: ({ fileName }) =>
      toast.success("Sauvegarde automatique terminée", { id: TOAST_ID, description: fileName, duration: 8000 }),
    onError: (error, { willRetry }) => {
      const reason = error instanceof Error ? error.message : String(error);
      toast.error(willRetry ? "La sauvegarde automatique a échoué, nouvel essai dans un instant" : "La sauvegarde automatique a échoué", {
        id: TOAST_ID,
        description: willRetry ? reason : `${reason} — elle sera retentée à la prochaine ouverture de l’application.`,
        duration: willRetry ? 6000 : 15000,
      });
    },
  });
  return null;
}
