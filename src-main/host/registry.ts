/**
 * The engine's handler registry: one handler per protocol method, dispatched by name, each with
 * an AbortSignal for cancellation and an `emit` for streamed events. What a failing handler threw
 * reaches the client through clientError (no stacks, no paths; bugs get a reference number).
 */
import {
  ProtocolError,
  parseClientMessage,
  type ApiError,
  type EngineMessage,
  type EventOf,
  type Method,
  type ParamsOf,
  type ResultOf,
} from '../shared/protocol/index.js';
import { clientError } from './client-error.js';
import { stderrLog, type ErrorLog } from './error-log.js';

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

/** Methods that exist only for the tests (handlers/debug.ts): absent from a production engine. */
export type TestOnlyMethod = Extract<Method, `debug.${string}`>;

/** Every other method must have a handler: the compiler says which one is missing. */
export type HandlerMap = Handlers<Exclude<Method, TestOnlyMethod>> & Partial<Handlers<TestOnlyMethod>>;

export type Send = (message: EngineMessage) => void;

export class Dispatcher {
  private readonly inflight = new Map<number, AbortController>();

  constructor(
    private readonly handlers: HandlerMap,
    private readonly send: Send,
    /** Gets the stacks of unexpected errors (host/main.ts passes the engine log). */
    private readonly log: ErrorLog = stderrLog(),
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
    if (!Object.prototype.hasOwnProperty.call(this.handlers, msg.method)) {
      this.send({
        t: 'err',
        id: msg.id,
        error: { code: 'unknown_method', message: `Unknown method ${JSON.stringify(msg.method)}.` },
      });
      return;
    }
    void this.run(msg.id, msg.method, msg.params);
  }

  private async run<M extends Method>(id: number, method: M, params: unknown): Promise<void> {
    const controller = new AbortController();
    this.inflight.set(id, controller);
    const handler = (this.handlers as Partial<Handlers<Method>>)[method] as Handler<M>;
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
      const error: ApiError = controller.signal.aborted
        ? { code: 'cancelled', message: 'The request was cancelled.' }
        : clientError(e, { method, id }, this.log);
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
