/**
 * The renderer's one door to the engine. Views import `getApi()` from './index.js' and call
 * `request`; whether it travels over Electron IPC or a WebSocket is invisible here.
 */
import type { EngineState, Method, ResultOf, ShellKind } from '../../../src-main/shared/protocol/index.js';
import type { ParamsArg, RequestOptions } from '../../../src-main/shared/protocol/client.js';

export type { ParamsArg, RequestOptions };

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export interface ApiStatus {
  /** The link between this page and the main side. */
  connection: ConnectionStatus;
  /** Why the connection is closed, in words for the user. */
  connectionMessage?: string;
  /** The engine process as the main side last reported it (null until the first report). */
  engine: EngineState | null;
  shell: ShellKind;
}

export interface Api {
  readonly shell: ShellKind;
  /**
   * Calls an engine method. Rejects with a ProtocolError ({code, message, detail}); aborting the
   * signal rejects at once with code 'cancelled' and stops the work in the engine.
   */
  request<M extends Method>(method: M, ...args: [...ParamsArg<M>, RequestOptions<M>?]): Promise<ResultOf<M>>;
  /** Calls `listener` now and on every connection or engine state change. */
  subscribe(listener: (status: ApiStatus) => void): () => void;
  status(): ApiStatus;
}

/** How a transport reports what happens on its link. */
export interface TransportEvents {
  message(m: unknown): void;
  status(connection: ConnectionStatus, message?: string): void;
}

/** A link to the main side: Electron IPC (MessagePort) or a WebSocket. */
export interface Transport {
  readonly shell: ShellKind;
  start(events: TransportEvents): void;
  /** Sends or queues one message; throws if the link is gone for good. */
  send(m: unknown): void;
}
