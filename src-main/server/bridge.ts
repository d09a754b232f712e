/** One WebSocket ↔ one supervisor session, with protocol-wire framing (binary frames for tensors). */
import type { RawData, WebSocket } from 'ws';
import type { EngineSupervisor } from '../engine-client/supervisor.js';
import { decodeFrame, encodeFrame } from '../protocol-wire.js';

function frameBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

export function bridgeSocket(ws: WebSocket, supervisor: EngineSupervisor): void {
  const session = supervisor.connect((m) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(m));
  });
  ws.on('message', (data, isBinary) => {
    let msg: unknown;
    try {
      msg = decodeFrame(isBinary ? frameBytes(data) : new TextDecoder().decode(frameBytes(data)));
    } catch {
      ws.close(1007, 'malformed frame');
      return;
    }
    session.handle(msg);
  });
  ws.on('close', () => session.close());
  ws.on('error', () => ws.terminate());
}
