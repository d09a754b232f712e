/**
 * The protocol's messages and the engine state the main side broadcasts. The same request/response
 * shapes run client→main and main→engine; the main side rewrites ids so that each hop has its own id
 * space. Part of shared/protocol, which re-exports it (and validates client requests against MethodMap).
 */
import { isRecord, type ApiError } from './errors.js';
import type { Method } from './index.js';

/**
 * The protocol's version. The main side sends it in every state message (the first arrives on
 * connect); a client of another version (a browser tab still holding an older build of the app)
 * stops with a clear message instead of sending requests the engine no longer understands.
 * Raise it when a method's params or result change incompatibly.
 */
export const PROTOCOL_VERSION = 1;

export type EngineStatus = 'starting' | 'ready' | 'restarting' | 'failed' | 'stopped';

export interface EngineExit {
  code: number | null;
  signal: string | null;
  /** ms since the epoch. */
  at: number;
  /** Set when the supervisor killed the engine itself: it stopped answering heartbeats. */
  reason?: 'unresponsive';
  /** For 'unresponsive': how long it had been silent, in ms. */
  silentMs?: number;
}

export interface EngineState {
  status: EngineStatus;
  pid: number | null;
  restarts: number;
  lastExit?: EngineExit;
  /** Human words for the state, e.g. why it failed. */
  message?: string;
}

// Messages

export interface RequestMessage {
  t: 'req';
  id: number;
  method: Method;
  params?: unknown;
}
export interface CancelMessage {
  t: 'cancel';
  id: number;
}
export type ClientMessage = RequestMessage | CancelMessage;

export interface ResultMessage {
  t: 'res';
  id: number;
  result: unknown;
}
export interface ErrorMessage {
  t: 'err';
  id: number;
  error: ApiError;
}
export interface EventMessage {
  t: 'evt';
  id: number;
  event: unknown;
}
export type ReplyMessage = ResultMessage | ErrorMessage | EventMessage;

/** main → client: engine state changes (the first one arrives on connect). */
export interface StateMessage {
  t: 'state';
  state: EngineState;
  /** The main side's PROTOCOL_VERSION (absent from main sides older than the field). */
  protocol?: number;
}
export type ServerMessage = ReplyMessage | StateMessage;

/** engine → main: sent once the engine's backend is initialised (or failed to). */
export interface ReadyMessage {
  t: 'ready';
  pid: number;
  backend?: string;
  error?: ApiError;
}
/**
 * main → engine heartbeat (engine-client/supervisor.ts): the engine answers on its event loop with a
 * pong carrying the same n; an engine that stays silent is restarted. Never sent by clients.
 */
export interface PingMessage {
  t: 'ping';
  n: number;
}
export interface PongMessage {
  t: 'pong';
  n: number;
}
/** Everything the main side sends the engine. */
export type EngineInbound = ClientMessage | PingMessage;
export type EngineMessage = ReplyMessage | ReadyMessage | PongMessage;

export function isPingMessage(x: unknown): x is PingMessage {
  return isRecord(x) && x.t === 'ping' && isId(x.n);
}

export function isId(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

export function isReplyMessage(x: unknown): x is ReplyMessage {
  return isRecord(x) && isId(x.id) && (x.t === 'res' || x.t === 'err' || x.t === 'evt');
}

export function isServerMessage(x: unknown): x is ServerMessage {
  return isReplyMessage(x) || (isRecord(x) && x.t === 'state' && isRecord(x.state));
}

export function isEngineMessage(x: unknown): x is EngineMessage {
  return (
    isReplyMessage(x) ||
    (isRecord(x) && x.t === 'ready' && typeof x.pid === 'number') ||
    (isRecord(x) && x.t === 'pong' && isId(x.n))
  );
}
