/**
 * Web mode's HTTP server: the built renderer over plain HTTP and the engine over a WebSocket at
 * /api, on 127.0.0.1 only, guarded by a per-launch token and an Origin check.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EngineSupervisor } from '../engine-client/supervisor.js';
import { bridgeSocket } from './bridge.js';
import { checkUpgrade, hostAllowed, newToken, securityHeaders } from './security.js';
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
}

export interface WebServer {
  /** The page's URL, token included. */
  url: string;
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
  let port = 0;
  // Client → engine messages are small (params, at most an image); tensors flow the other way.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });

  const server: Server = createServer((req, res) => {
    const headers = securityHeaders(port);
    if (!hostAllowed(req.headers.host, port)) {
      res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Forbidden: this server answers only on 127.0.0.1.');
      return;
    }
    void serveStatic(opts.root, req, res, headers);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkUpgrade(req, { token, port });
    if (!verdict.ok) return refuse(socket, verdict.status, verdict.reason);
    wss.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, opts.supervisor));
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
