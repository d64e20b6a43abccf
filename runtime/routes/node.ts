/**
 * Serving the routes from Node's own `http` server (or Express, Fastify's raw mode, anything
 * with Node's request and response objects), for apps without a Web-standard framework:
 *
 *     http.createServer(nodeListener(routes, { basePath: "/api/backup" })).listen(3000);
 *
 * Requests become Web `Request`s with their body streamed (never buffered here), responses
 * are streamed back with backpressure, and a client that goes away cancels the response body.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { BackupRoutes, RouteHandler } from "./create-routes.ts";

export function nodeListener(routes: BackupRoutes, options: { basePath?: string } = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const base = (options.basePath ?? "/api/backup").replace(/\/+$/, "");
  const table: Record<string, RouteHandler> = {
    "/export": routes.export,
    "/estimate": routes.estimate,
    "/import": routes.import,
    "/history": routes.history,
    "/health": routes.health,
    "/metrics": routes.metrics,
  };
  return (req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    const path = url.pathname.startsWith(`${base}/`) ? url.pathname.slice(base.length) : undefined;
    const handler = path === undefined ? undefined : (table[path] ?? (/^\/history\/[^/]+$/.test(path) ? routes.historyFile : undefined));
    if (!handler) {
      res.writeHead(404, { "Content-Type": "application/json; charset=utf-8" }).end(`${JSON.stringify({ error: "not_found", message: `No backup route at ${url.pathname}.` })}\n`);
      return;
    }
    void serve(handler, toRequest(req, url), res);
  };
}

function toRequest(req: IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(url, {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

async function serve(handler: RouteHandler, request: Request, res: ServerResponse): Promise<void> {
  let response: Response;
  try {
    response = await handler(request);
  } catch (error) {
    res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" }).end(`${JSON.stringify({ error: "internal_error", message: String(error) })}\n`);
    return;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>);
  res.on("close", () => {
    if (!res.writableFinished) body.destroy();
  });
  body.on("error", () => res.destroy());
  body.pipe(res);
  // The request may still be streaming in (a refused upload): stop reading it once answered.
  res.on("finish", () => request.body?.cancel().catch(() => {}));
}
