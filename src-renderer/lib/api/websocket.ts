/**
 * Web mode's transport: a WebSocket to the server that served this page. The per-launch token
 * normally travels as an HttpOnly cookie the server set when it admitted this browser (the page
 * never sees it); a page that still has ?token=… in its address uses it and takes it off the
 * address bar at once (history.replaceState), so it is not shown, bookmarked or copied with a link.
 * Reconnects after the server restarts its side.
 */
import { decodeFrame, encodeFrame } from '../../../src-main/shared/protocol/wire.js';
import type { Transport, TransportEvents } from './types.js';

export function tokenFromLocation(loc: Pick<Location, 'search'> = location): string | null {
  return new URLSearchParams(loc.search).get('token');
}

/** The address without its token (the hash, a deep link, stays), or null when it has none. */
export function addressWithoutToken(href: string): string | null {
  const url = new URL(href);
  if (!url.searchParams.has('token')) return null;
  url.searchParams.delete('token');
  return url.pathname + url.search + url.hash;
}

/** Takes the token off the address bar without a reload or a new history entry. */
export function stripTokenFromAddress(
  loc: Pick<Location, 'href'> = location,
  hist: Pick<History, 'replaceState' | 'state'> = history,
): void {
  const clean = addressWithoutToken(loc.href);
  if (clean !== null) hist.replaceState(hist.state, '', clean);
}

/** /api on the page's own host; with a token from the address when there is one, else the cookie does. */
export function websocketUrl(loc: Pick<Location, 'protocol' | 'host'>, token: string | null): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

const REFUSED =
  'Cannot reach the engine. The server may have stopped, or this browser was not admitted by this launch: open the address printed by the latest `npm start` (or `inception-explorer serve`).';

export function websocketTransport(): Transport {
  // Read once, then gone from the address bar; kept in memory for reconnects.
  const token = tokenFromLocation();
  stripTokenFromAddress();
  let ws: WebSocket | null = null;
  let queue: (string | Uint8Array)[] = [];
  let events: TransportEvents;
  let everOpened = false;
  let retry = 0;

  const connect = () => {
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
      else queue.push(frame);
    },
  };
}
