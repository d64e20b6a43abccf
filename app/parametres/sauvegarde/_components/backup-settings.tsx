"use client";
/** Paramètres → Sauvegarde: export, restore, automatic backup and the server's history. */
import { useCallback, useState } from "react";
import { AutoBackupPanel } from "./auto-backup-panel.tsx";
import { ExportPanel } from "./export-panel.tsx";
import { HistoryPanel } from "./history-panel.tsx";
import { ImportPanel } from "./import-panel.tsx";

export function BackupSettings() {
  const [historyKey, setHistoryKey] = useState(0);
  const refreshHistory = useCallback(() => setHistoryKey((key) => key + 1), []);
  return (
    <>
      <ExportPanel onExported={refreshHistory} />
      <ImportPanel onImported={refreshHistory} />
      <AutoBackupPanel />
      <HistoryPanel refreshKey={historyKey} />
    </>
  );
}
