/**
 * The engine's handler registry: one handler per protocol method, dispatched by name, each with
 * an AbortSignal for cancellation and an `emit` for streamed events.
 */
import {
  ProtocolError,
  parseClientMessage,
  toApiError,
  type EngineMessage,
  type EventOf,
  type Method,
  type ParamsOf,
  type ResultOf,
} from '../protocol.js';

export interface HandlerContext<M extends Method> {
  /** The request id on the engine hop (for logs). */
  id: number;
  /** Aborted when the caller cancels or its connection goes away. */
  signal: AbortSignal;
  /** Streams one event to the caller while the request runs. */
  emit(event: EventOf<M>): void;
}

export type Handler<M extends Method> = (
  params: ParamsOf<M>,
  ctx: HandlerContext<M>,
) => Promise<ResultOf<M>> | ResultOf<M>;

/** Handlers for a subset of methods: each handlers/*.ts file exports one of these. */
export type Handlers<K extends Method> = { [M in K]: Handler<M> };

/** Every method must have a handler: the compiler says which one is missing. */
export type HandlerMap = Handlers<Method>;

export type Send = (message: EngineMessage) => void;

export class Dispatcher {
  private readonly inflight = new Map<number, AbortController>();

  constructor(
    private readonly handlers: HandlerMap,
    private readonly send: Send,
  ) {}

  /** Number of requests still running. */
  get active(): number {
    return this.inflight.size;
  }

  /** Handles one raw message from the main side. Never throws. */
  handle(raw: unknown): void {
    const msg = parseClientMessage(raw);
    if (!('t' in msg)) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
      this.send({ t: 'err', id, error: msg });
      return;
    }
    if (msg.t === 'cancel') {
      this.inflight.get(msg.id)?.abort();
      return;
    }
    if (this.inflight.has(msg.id)) {
      this.send({
        t: 'err',
        id: msg.id,
        error: { code: 'bad_request', message: `Request id ${msg.id} is already in use.` },
      });
      return;
    }
    void this.run(msg.id, msg.method, msg.params);
  }

  private async run<M extends Method>(id: number, method: M, params: unknown): Promise<void> {
    const controller = new AbortController();
    this.inflight.set(id, controller);
    const handler = this.handlers[method] as Handler<M>;
    const ctx: HandlerContext<M> = {
      id,
      signal: controller.signal,
      emit: (event) => {
        if (!controller.signal.aborted) this.send({ t: 'evt', id, event });
      },
    };
    try {
      const result = await handler(params as ParamsOf<M>, ctx);
      // A handler that ignored the abort still ends as cancelled: the caller has given up on it.
      if (controller.signal.aborted) throw new ProtocolError('cancelled', 'The request was cancelled.');
      this.send({ t: 'res', id, result });
    } catch (e) {
      const error = controller.signal.aborted
        ? { code: 'cancelled', message: 'The request was cancelled.' }
        : toApiError(e);
      this.send({ t: 'err', id, error });
    } finally {
      this.inflight.delete(id);
    }
  }

  /** Aborts everything (the engine is shutting down). */
  abortAll(): void {
    for (const c of this.inflight.values()) c.abort();
  }
}
