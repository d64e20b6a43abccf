/** Calls to the app's routes from the test process, as a script would make them (bearer secret). */
import { ADMIN_SECRET, type AppServer } from "./app-server.ts";

export async function exportFile(app: AppServer): Promise<{ name: string; bytes: Uint8Array }> {
  const response = await fetch(`${app.url}/api/backup/export`, { headers: { authorization: `Bearer ${ADMIN_SECRET}` } });
  if (!response.ok) throw new Error(`export: ${response.status} ${await response.text()}`);
  const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "backup.json.gz";
  return { name, bytes: new Uint8Array(await response.arrayBuffer()) };
}
