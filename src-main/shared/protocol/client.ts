/**
 * The calling end of the protocol, independent of transport: ids, pending requests, streamed
 * events, cancellation and engine state. The renderer uses it over IPC or a WebSocket, the main
 * side over a supervisor session, tests over either. No Node or DOM APIs here.
 */
import {
  PROTOCOL_VERSION,
  ProtocolError,
  isServerMessage,
  type ApiError,
  type ClientMessage,
  type EngineState,
  type EventOf,
  type Method,
  type ParamsOf,
  type ResultOf,
} from './index.js';

export interface RequestOptions<M extends Method> {
  /** Aborting rejects at once with code 'cancelled' and tells the engine to stop. */
  signal?: AbortSignal;
  /** Called for each event the request streams (progress, metrics, tensors). */
  onEvent?: (event: EventOf<M>) => void;
}

/** `params` may be left out for methods whose params are void. */
export type ParamsArg<M extends Method> =
  ParamsOf<M> extends void ? [params?: ParamsOf<M>] : [params: ParamsOf<M>];

interface Pending {
  resolve(result: unknown): void;
  reject(error: ProtocolError): void;
  onEvent?: (event: never) => void;
  cleanup(): void;
}

export class RpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly stateListeners = new Set<(s: EngineState) => void>();
  private engineState: EngineState | null = null;
  /** Set once the main side turned out to speak another protocol version: every request fails with it. */
  private incompatible: ApiError | null = null;

  constructor(private readonly send: (message: ClientMessage) => void) {}

  /** The last engine state the main side reported, or null before the first. */
  get state(): EngineState | null {
    return this.engineState;
  }

  get inflight(): number {
    return this.pending.size;
  }

  request<M extends Method>(method: M, ...args: [...ParamsArg<M>, RequestOptions<M>?]): Promise<ResultOf<M>> {
    const params = args[0] as ParamsOf<M> | undefined;
    const opts = (args[1] ?? {}) as RequestOptions<M>;
    const { signal, onEvent } = opts;
    if (signal?.aborted) return Promise.reject(new ProtocolError('cancelled', 'The request was cancelled.'));
    if (this.incompatible) return Promise.reject(ProtocolError.from(this.incompatible));
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.trySend({ t: 'cancel', id });
        reject(new ProtocolError('cancelled', 'The request was cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: resolve as (r: unknown) => void,
        reject,
        onEvent: onEvent as ((e: never) => void) | undefined,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      this.trySend(params === undefined ? { t: 'req', id, method } : { t: 'req', id, method, params });
    });
  }

  /** Feeds one message from the transport. Unknown or late replies are dropped. */
  receive(message: unknown): void {
    if (!isServerMessage(message)) return;
    if (message.t === 'state') {
      const state =
        message.protocol === undefined || message.protocol === PROTOCOL_VERSION
          ? message.state
          : this.mismatch(message.protocol);
      this.engineState = state;
      for (const l of this.stateListeners) l(state);
      return;
    }
    const p = this.pending.get(message.id);
    if (!p) return;
    if (message.t === 'evt') {
      p.onEvent?.(message.event as never);
      return;
    }
    this.pending.delete(message.id);
    p.cleanup();
    if (message.t === 'res') p.resolve(message.result);
    else p.reject(ProtocolError.from(message.error));
  }

  /**
   * The main side speaks another protocol version (this window holds an older or newer build): no
   * request can be trusted to mean the same, so all fail with one sentence saying what to do.
   */
  private mismatch(engine: number): EngineState {
    const message = `This window runs version ${PROTOCOL_VERSION} of the app's protocol but the engine speaks version ${engine}: reload the page (or restart the app) so both are the same version.`;
    this.incompatible = {
      code: 'protocol_mismatch',
      message,
      params: { client: PROTOCOL_VERSION, engine },
    };
    this.failAll(this.incompatible);
    return { status: 'failed', pid: null, restarts: this.engineState?.restarts ?? 0, message };
  }

  /** Rejects every pending request, e.g. when the connection drops. */
  failAll(error: ApiError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) {
      p.cleanup();
      p.reject(ProtocolError.from(error));
    }
  }

  onState(listener: (s: EngineState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private trySend(message: ClientMessage): void {
    try {
      this.send(message);
    } catch (e) {
      if (message.t !== 'req') return;
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      p.cleanup();
      p.reject(
        new ProtocolError(
          'disconnected',
          'Could not reach the engine.',
          e instanceof Error ? e.message : String(e),
        ),
      );
    }
  }
}
