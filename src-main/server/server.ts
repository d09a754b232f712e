/**
 * Web mode's HTTP server: the built renderer over plain HTTP and the engine over a WebSocket at
 * /api, on 127.0.0.1 only, guarded by a per-launch token and an Origin check. The browser gets the
 * token as a cookie, in exchange for a one-time launch link or the printed address (security.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EngineSupervisor } from '../engine-client/supervisor.js';
import { bridgeSocket, DEFAULT_LIMITS, type BridgeLimits } from './bridge.js';
import {
  LAUNCH_PATH,
  LaunchNonces,
  checkUpgrade,
  cookieToken,
  hostAllowed,
  newToken,
  securityHeaders,
  tokenCookie,
  tokenMatches,
} from './security.js';
import { serveStatic } from './static.js';

export const LOOPBACK = '127.0.0.1';

export interface WebServerOptions {
  supervisor: EngineSupervisor;
  /** The built renderer (dist/renderer). */
  root: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
  /** Per-socket limits (tests shorten the ping interval). */
  limits?: Partial<BridgeLimits>;
}

/**
 * Largest WebSocket message a client may send. Binary frames carry an image or a curves file, or one
 * chunk of a weights upload (weights files come in 16 MB chunks, src-renderer/lib/api/upload.ts);
 * JSON is held much smaller by the bridge.
 */
export const MAX_PAYLOAD = 64 * 1024 * 1024;

export interface WebServer {
  /** The page's URL, token included: for the terminal, never for a command line. */
  url: string;
  /** A fresh one-time link that opens the app (what the app hands the system browser). */
  launchUrl(): string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? newToken();
  const nonces = new LaunchNonces();
  const limits: BridgeLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  let port = 0;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });

  const text = (res: ServerResponse, status: number, body: string, headers: Record<string, string>) => {
    res.writeHead(status, {
      ...headers,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(body);
  };
  /** Hands the browser its token cookie and sends it on to `location`, which carries no secret. */
  const admit = (res: ServerResponse, location: string, headers: Record<string, string>) => {
    res.writeHead(303, {
      ...headers,
      'Set-Cookie': tokenCookie(token, port),
      Location: location,
      'Cache-Control': 'no-store',
    });
    res.end();
  };

  const server: Server = createServer((req, res) => {
    const headers = securityHeaders(port);
    if (!hostAllowed(req.headers.host, port)) {
      text(res, 403, 'Forbidden: this server answers only on 127.0.0.1.', headers);
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      text(res, 400, 'Bad Request', headers);
      return;
    }
    if (url.pathname === LAUNCH_PATH) {
      const hasCookie = tokenMatches(cookieToken(req.headers.cookie, port), token);
      if (nonces.consume(url.searchParams.get('n')) || hasCookie) return admit(res, '/', headers);
      text(
        res,
        403,
        'This launch link was already used or has expired. Open the address printed in the terminal where the app runs.',
        headers,
      );
      return;
    }
    const given = url.searchParams.get('token');
    if (given !== null && tokenMatches(given, token)) {
      // Off the address bar and out of reloads: the page lives at the same address without it.
      url.searchParams.delete('token');
      return admit(res, url.pathname + url.search, headers);
    }
    void serveStatic(opts.root, req, res, headers);
  });
  // A client that opens connections and sends nothing (or drips a header) is dropped.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkUpgrade(req, { token, port });
    if (!verdict.ok) return refuse(socket, verdict.status, verdict.reason);
    wss.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, opts.supervisor, limits));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new Error(
              `Port ${opts.port} is in use: choose another with --port, or --port 0 for any free one.`,
            )
          : e,
      ),
    );
    server.listen(opts.port ?? 0, LOOPBACK, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('The web server has no TCP address.');
  port = addr.port;

  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    launchUrl: () => `http://${LOOPBACK}:${port}${LAUNCH_PATH}?n=${nonces.issue()}`,
    port,
    token,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
