/**
 * One WebSocket ↔ one supervisor session, with protocol-wire framing (binary frames for tensors),
 * and the limits a browser connection lives under: JSON frames small and shallow, a bounded number
 * of requests in flight, a ping every half minute (a peer that stops answering is dropped), and no
 * path-taking requests (web-policy.ts).
 */
import type { RawData, WebSocket } from 'ws';
import type { EngineSupervisor } from '../engine-client/supervisor.js';
import { isRecord } from '../shared/protocol/errors.js';
import { parseClientMessage, type ApiError, type ServerMessage } from '../shared/protocol/index.js';
import { FrameError, MAX_CLIENT_DEPTH, decodeFrame, encodeFrame } from '../shared/protocol/wire.js';
import { webRequestRefusal } from './web-policy.js';
import { PARAMS_SCHEMAS } from '../shared/protocol/params-schemas.js';
import { paramsProblem } from '../shared/protocol/schema.js';

/** Params that do not fit the method's schema never reach the engine (the same check the engine makes). */
function paramsRefusal(method: keyof typeof PARAMS_SCHEMAS, params: unknown): ApiError | null {
  const schema = PARAMS_SCHEMAS[method];
  return schema ? paramsProblem(method, schema, params) : null;
}

export interface BridgeLimits {
  /** Largest JSON: a text frame, or the header of a binary frame (whose payload the server caps at maxPayload). */
  maxTextBytes: number;
  /** Requests a socket may have running at once (train.metrics streams count too). */
  maxInflight: number;
  /** Ping interval; a socket that has not answered the previous ping by the next one is closed. */
  pingMs: number;
}

export const DEFAULT_LIMITS: BridgeLimits = { maxTextBytes: 1024 * 1024, maxInflight: 64, pingMs: 30_000 };

function frameBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

export function bridgeSocket(
  ws: WebSocket,
  supervisor: EngineSupervisor,
  limits: BridgeLimits = DEFAULT_LIMITS,
): void {
  /** Client request id → method, while it runs. */
  const running = new Map<number, string>();
  /** Paths weights.upload returned on this socket: the only paths it may hand to weights.load. */
  const uploaded = new Set<string>();

  const reply = (m: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(m));
  };
  const refuse = (id: number, error: ApiError) => reply({ t: 'err', id, error });

  const session = supervisor.connect((m) => {
    if (m.t === 'res' || m.t === 'err') {
      const method = running.get(m.id);
      running.delete(m.id);
      // A chunked upload's path is usable once its last chunk is in.
      if (
        m.t === 'res' &&
        method === 'weights.upload' &&
        isRecord(m.result) &&
        typeof m.result.path === 'string' &&
        m.result.complete !== false
      )
        uploaded.add(m.result.path);
    }
    reply(m);
  });

  ws.on('message', (data, isBinary) => {
    const bytes = frameBytes(data);
    // JSON is held small whether it comes as a text frame or as a binary frame's header (its first u32).
    const jsonBytes = isBinary
      ? bytes.byteLength >= 4
        ? new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true)
        : 0
      : bytes.byteLength;
    if (jsonBytes > limits.maxTextBytes) {
      ws.close(1009, 'JSON too large');
      return;
    }
    let raw: unknown;
    try {
      raw = decodeFrame(isBinary ? bytes : new TextDecoder().decode(bytes), { maxDepth: MAX_CLIENT_DEPTH });
    } catch (e) {
      if (e instanceof FrameError && e.reason === 'too_deep' && e.id !== undefined) {
        refuse(e.id, { code: 'bad_request', message: e.message });
        return;
      }
      ws.close(1007, 'malformed frame');
      return;
    }
    const msg = parseClientMessage(raw);
    if ('t' in msg && msg.t === 'req') {
      if (running.has(msg.id)) {
        refuse(msg.id, { code: 'bad_request', message: `Request id ${msg.id} is already in use.` });
        return;
      }
      if (running.size >= limits.maxInflight) {
        refuse(msg.id, {
          code: 'too_busy',
          message: `This connection already has ${running.size} requests running; wait for some to finish.`,
        });
        return;
      }
      const refusal = webRequestRefusal(msg, uploaded) ?? paramsRefusal(msg.method, msg.params);
      if (refusal) {
        refuse(msg.id, refusal);
        return;
      }
      running.set(msg.id, msg.method);
    }
    // Malformed messages and cancels go on as they came: the supervisor answers or routes them.
    session.handle(raw);
  });

  // Liveness: browsers answer pings by themselves, so only a dead or stuck peer misses one.
  let answered = true;
  ws.on('pong', () => (answered = true));
  const pinger = setInterval(() => {
    if (!answered) {
      ws.terminate();
      return;
    }
    answered = false;
    ws.ping();
  }, limits.pingMs);
  pinger.unref();

  ws.on('close', () => {
    clearInterval(pinger);
    running.clear();
    session.close();
  });
  ws.on('error', () => ws.terminate());
}
