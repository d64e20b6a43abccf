/**
 * The backup routes served from Node's http server on 127.0.0.1 (an ephemeral port, never
 * another interface), as an app without a Web framework serves them (`nodeListener`), with the
 * bytes each connection had read when its response was finished: what an upload limit must
 * bound.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { nodeListener } from "../../../runtime/routes/node.ts";
import type { BackupRoutes } from "../../../runtime/routes/index.ts";

export interface Served {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly server: Server;
  /** Per finished response: method, path, status, and the bytes its connection had read by then. */
  readonly finished: { method: string; path: string; status: number; bytesRead: number }[];
  close(): Promise<void>;
}

export async function serveRoutes(routes: BackupRoutes, other?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<Served> {
  const listener = nodeListener(routes, { basePath: "/api/backup" });
  const finished: Served["finished"] = [];
  const server = createServer((req, res) => {
    const socket = req.socket; // kept: a request whose body is cut off loses its socket
    res.on("finish", () => finished.push({ method: req.method ?? "", path: req.url ?? "", status: res.statusCode, bytesRead: socket.bytesRead }));
    if (other?.(req, res)) return;
    listener(req, res);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    server,
    finished,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
