/**
 * The local API Gateway: a node:http server that hands each request, as a payload-format-2.0 event, to the
 * route's handler and writes the structured result back. Like API Gateway it refuses bodies over 10 MB before
 * reading them (the handlers themselves enforce the API's 256 KiB), and like it answers CORS (infra/local/cors.ts).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { serveDashboard } from "../../dashboard/serve.ts";
import type { Deps } from "../../shared/deps.ts";
import { problemType } from "../../shared/http/problem.ts";
import type { RouteSpec } from "../../shared/http/route.ts";
import { type LocalApp, loadApp } from "./app.ts";
import { answerPreflight, corsHeaders } from "./cors.ts";
import type { LocalRequest } from "./event.ts";

/** API Gateway's own payload limit. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** After a 413, the rest of an upload is read and dropped up to this much, then the connection is cut. */
const DRAIN_LIMIT_BYTES = 4 * GATEWAY_MAX_BODY_BYTES;

export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  close(): Promise<void>;
}

export type ServerOptions = {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
} & (
  | { deps: Deps /** Default: every route of the route table. */; routes?: readonly RouteSpec[] }
  /** An already loaded app (the start script shares one with the seed). */
  | { app: LocalApp }
);

export async function startServer(options: ServerOptions): Promise<LocalServer> {
  const app = "app" in options ? options.app : await loadApp(options);
  const host = options.host ?? "127.0.0.1";
  const server = createServer((request, response) => {
    if (answerPreflight(request, response)) return;
    // The dashboard (GET / and its assets) first: static files, before any route is looked up.
    serveDashboard(request, response)
      .then((served) => (served ? undefined : serve(app, request, response)))
      .catch((error: unknown) => {
        console.error("local server: could not answer", error);
        if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ message: "Internal Server Error" }));
      });
  });
  // Node closes an idle keep-alive connection after 5 s, and a client (fetch keeps its own for 4 s) can send on one
  // just as it closes: an ECONNRESET on a slow machine. Idle connections stay open longer than any client keeps them.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(app: LocalApp, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  if (body === "too-large") {
    tooLarge(request, response);
    return;
  }
  const headers: [string, string][] = [];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2)
    headers.push([request.rawHeaders[index] as string, request.rawHeaders[index + 1] as string]);
  const local: LocalRequest = {
    method: request.method ?? "GET",
    url: request.url ?? "/",
    headers,
    body,
    sourceIp: (request.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
    protocol: `HTTP/${request.httpVersion}`,
  };
  write(response, await app.handle(local), corsHeaders(request));
}

/** The whole body, or "too-large" as soon as it is known to exceed the gateway limit (nothing more is kept). */
function readBody(request: IncomingMessage): Promise<Buffer | "too-large"> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > GATEWAY_MAX_BODY_BYTES) return Promise.resolve("too-large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > GATEWAY_MAX_BODY_BYTES) {
        request.off("data", onData);
        request.off("end", onEnd);
        chunks.length = 0;
        resolve("too-large");
      } else chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    request.on("data", onData);
    request.once("end", onEnd);
    request.once("error", reject);
  });
}

function tooLarge(request: IncomingMessage, response: ServerResponse): void {
  const body = JSON.stringify({
    type: problemType("payload-too-large"),
    title: "The body is too large",
    status: 413,
    detail: `the gateway accepts request bodies of at most ${GATEWAY_MAX_BODY_BYTES} bytes`,
    instance: (request.url ?? "/").split("?")[0],
  });
  response.writeHead(413, {
    "content-type": "application/problem+json",
    "content-length": Buffer.byteLength(body),
    "x-request-id": randomUUID(),
    connection: "close",
  });
  response.end(body);
  // Drop the rest of the upload so the client can read the answer, but not forever.
  let drained = 0;
  request.on("data", (chunk: Buffer) => {
    drained += chunk.byteLength;
    if (drained > DRAIN_LIMIT_BYTES) request.socket.destroy();
  });
  request.resume();
}

function write(
  response: ServerResponse,
  result: APIGatewayProxyStructuredResultV2,
  cors: Record<string, string>,
): void {
  const headers: Record<string, string | string[]> = { ...cors };
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (result.cookies && result.cookies.length > 0) headers["set-cookie"] = result.cookies;
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8");
  headers["content-length"] = String(body.byteLength);
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
}
