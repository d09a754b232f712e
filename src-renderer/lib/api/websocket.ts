/**
 * Web mode's transport: a WebSocket to the server that served this page, authenticated by the
 * per-launch token in the page's URL (?token=…). Reconnects after the server restarts its side.
 */
import { decodeFrame, encodeFrame } from '../../../src-main/protocol-wire.js';
import type { Transport, TransportEvents } from './types.js';

export function tokenFromLocation(loc: Pick<Location, 'search'> = location): string | null {
  return new URLSearchParams(loc.search).get('token');
}

export function websocketUrl(loc: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/api?token=${encodeURIComponent(token)}`;
}

const NO_TOKEN =
  'This page was opened without its access token. Open the address printed by `npm start` (or `inception-explorer serve`); it ends in ?token=….';
const REFUSED =
  'Cannot reach the engine. The server may have stopped, or this address is from an earlier launch: open the address printed by the latest `npm start`.';

export function websocketTransport(): Transport {
  const token = tokenFromLocation();
  let ws: WebSocket | null = null;
  let queue: (string | Uint8Array)[] = [];
  let events: TransportEvents;
  let everOpened = false;
  let retry = 0;

  const connect = () => {
    if (!token) {
      events.status('closed', NO_TOKEN);
      return;
    }
    events.status('connecting');
    const socket = new WebSocket(websocketUrl(location, token));
    socket.binaryType = 'arraybuffer';
    ws = socket;
    socket.onopen = () => {
      everOpened = true;
      retry = 0;
      events.status('open');
      for (const f of queue) socket.send(f);
      queue = [];
    };
    socket.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
      let m: unknown;
      try {
        m = decodeFrame(e.data);
      } catch {
        return; // a malformed frame from our own server: drop it rather than crash the page
      }
      events.message(m);
    };
    socket.onclose = () => {
      ws = null;
      events.status(
        'closed',
        everOpened ? 'The connection to the app server was lost; reconnecting…' : REFUSED,
      );
      // Keep trying: the server may come back (for example after `npm start` again on the same port).
      retry = Math.min(retry + 1, 5);
      setTimeout(connect, 500 * 2 ** retry);
    };
  };

  return {
    shell: 'web',
    start(e) {
      events = e;
      connect();
    },
    send(m) {
      const frame = encodeFrame(m);
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(frame);
      else if (token) queue.push(frame);
      else throw new Error(NO_TOKEN);
    },
  };
}
