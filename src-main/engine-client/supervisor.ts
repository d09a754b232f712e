/**
 * The main side's hold on the engine process: starts it, routes requests from any number of
 * client sessions (renderer windows, WebSocket connections, main-side code) to it, restarts it
 * when it dies or stops answering its heartbeat, fails the requests it was running with a
 * structured error, and tells every client about the engine's state. It does not care how the
 * process is made (see SpawnEngine).
 *
 * Liveness: every `heartbeatMs` the supervisor sends a ping, which the engine answers on its event
 * loop (host/main.ts). Any message from the engine counts as a sign of life; after `missedBeats`
 * intervals of silence (default 6 × 5 s) the engine is killed (SIGKILL) and restarted. Heavy work
 * stays off the engine's loop (training on worker threads, ONNX Runtime async); the longest block
 * measured is the tfjs-wasm activation pass on the biggest network (see DEFAULT_HEARTBEAT).
 */
import {
  PROTOCOL_VERSION,
  parseClientMessage,
  isEngineMessage,
  type ApiError,
  type ClientMessage,
  type EngineExit,
  type EngineInbound,
  type EngineState,
  type ServerMessage,
} from '../shared/protocol/index.js';
import { RpcClient } from '../shared/protocol/client.js';

/** One running engine process, however it was started (Node fork, Electron utilityProcess, a fake in tests). */
export interface EngineProcess {
  readonly pid: number | undefined;
  send(message: EngineInbound): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: { code: number | null; signal: string | null }) => void): void;
  /** Ends the process; `force` (a stuck engine) asks for SIGKILL where the platform has it. */
  kill(force?: boolean): void;
}

/** Starts a fresh engine; `restarts` is how many times it has been restarted so far. */
export type SpawnEngine = (restarts: number) => EngineProcess;

export interface SupervisorOptions {
  /** Give up after this many unexpected exits within `windowMs` (default 5 in 60 s). */
  maxCrashes?: number;
  windowMs?: number;
  /** Wait before the 2nd, 3rd… restart in a window: backoffMs × (crashes − 1). The first is immediate. */
  backoffMs?: number;
  /** Heartbeat interval (default 5 s); 0 turns the liveness check off. */
  heartbeatMs?: number;
  /** Restart after this many intervals without a word from the engine (default 6). */
  missedBeats?: number;
  /** How long a new engine may take to send its first message (default 120 s: tsx compiles on start). */
  startupMs?: number;
  /** After a kill, wait this long for the exit before treating the process as gone (default 5 s). */
  killGraceMs?: number;
  log?: (line: string) => void;
}

/**
 * 6 × 5 s = 30 s of silence. Measured on this project's 2-core machine under load: the longest
 * event-loop block of one request is the first activations.run on a network with tfjs wasm (ORT
 * off: the tfjs model is built and run synchronously), 7.4 s for Inception-ResNet-v2 and 5.8 s for
 * Inception-v4 at 299 px (2.0–2.2 s once built); with ORT the first pass blocks 3.4 s (the ONNX
 * export). 30 s leaves a 4× margin for slower machines; a hung engine is back within ~35 s.
 */
export const DEFAULT_HEARTBEAT = { heartbeatMs: 5_000, missedBeats: 6, startupMs: 120_000 };

/** A client's connection: it sends ClientMessages in and receives ServerMessages through `sink`. */
export interface Session {
  /** One message from the client; untrusted, validated here. */
  handle(raw: unknown): void;
  /** The client went away: its running requests are cancelled. */
  close(): void;
}

interface Route {
  session: SessionImpl;
  clientId: number;
}

class SessionImpl implements Session {
  readonly byClientId = new Map<number, number>();
  closed = false;
  constructor(
    private readonly sup: EngineSupervisor,
    readonly sink: (m: ServerMessage) => void,
  ) {}
  handle(raw: unknown): void {
    if (!this.closed) this.sup.fromClient(this, raw);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sup.closeSession(this);
  }
  deliver(m: ServerMessage): void {
    if (this.closed) return;
    try {
      this.sink(m);
    } catch {
      // A broken client must not take the others down; its transport will close it.
    }
  }
}

export function describeExit(exit: { code: number | null; signal: string | null }): string {
  if (exit.signal) return `it was killed by ${exit.signal}`;
  if (exit.code !== null) return `it exited with code ${exit.code}`;
  return 'it exited';
}

export class EngineSupervisor {
  private proc: EngineProcess | null = null;
  private current: EngineState = { status: 'stopped', pid: null, restarts: 0 };
  private nextEngineId = 1;
  private readonly routes = new Map<number, Route>();
  private readonly sessions = new Set<SessionImpl>();
  private readonly stateListeners = new Set<(s: EngineState) => void>();
  private queue: ClientMessage[] = [];
  private crashTimes: number[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private stopping = false;
  private localClient: RpcClient | null = null;
  private readonly opts: Required<Omit<SupervisorOptions, 'log'>> & Pick<SupervisorOptions, 'log'>;
  /** The liveness watch on the current process. */
  private watch: {
    timer: ReturnType<typeof setInterval>;
    lastHeard: number;
    lastTick: number;
    heard: boolean;
    n: number;
  } | null = null;
  /** Why the supervisor itself killed a process, read by its exit. */
  private readonly killedFor = new WeakMap<EngineProcess, { silentMs: number }>();

  constructor(
    private readonly spawn: SpawnEngine,
    opts: SupervisorOptions = {},
  ) {
    this.opts = {
      maxCrashes: 5,
      windowMs: 60_000,
      backoffMs: 1_000,
      killGraceMs: 5_000,
      ...DEFAULT_HEARTBEAT,
      ...opts,
    };
  }

  get state(): EngineState {
    return this.current;
  }

  /** Starts the engine (idempotent). */
  start(): void {
    if (this.proc || this.restartTimer) return;
    this.stopping = false;
    this.launch();
  }

  onState(listener: (s: EngineState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Opens a session for one client; the current engine state is delivered at once. */
  connect(sink: (m: ServerMessage) => void): Session {
    const s = new SessionImpl(this, sink);
    this.sessions.add(s);
    s.deliver({ t: 'state', state: this.current, protocol: PROTOCOL_VERSION });
    return s;
  }

  /** Requests from main-side code (CLI, tests), with the same client API as the renderer. */
  get client(): RpcClient {
    if (!this.localClient) {
      let session: Session | null = null;
      const client = new RpcClient((m) => session!.handle(m));
      session = this.connect((m) => client.receive(m));
      this.localClient = client;
    }
    return this.localClient;
  }

  /** Stops the engine for good and fails what it was running. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const proc = this.proc;
    if (!proc) {
      this.setState({ ...this.current, status: 'stopped', pid: null });
      return;
    }
    this.stopWatch();
    const exited = new Promise<void>((resolve) => proc.onExit(() => resolve()));
    proc.kill();
    // A stuck (or stopped) process ignores a polite kill.
    const force = setTimeout(() => proc.kill(true), this.opts.killGraceMs);
    await exited;
    clearTimeout(force);
  }

  // -- called by sessions -----------------------------------------------------------------------

  fromClient(session: SessionImpl, raw: unknown): void {
    const msg = parseClientMessage(raw);
    if (!('t' in msg)) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
      session.deliver({ t: 'err', id, error: msg });
      return;
    }
    if (msg.t === 'cancel') {
      const engineId = session.byClientId.get(msg.id);
      if (engineId !== undefined) this.toEngine({ t: 'cancel', id: engineId });
      return;
    }
    if (this.current.status === 'failed' || (this.current.status === 'stopped' && this.stopping)) {
      session.deliver({ t: 'err', id: msg.id, error: this.unavailable() });
      return;
    }
    if (session.byClientId.has(msg.id)) {
      session.deliver({
        t: 'err',
        id: msg.id,
        error: { code: 'bad_request', message: `Request id ${msg.id} is already in use.` },
      });
      return;
    }
    const engineId = this.nextEngineId++;
    session.byClientId.set(msg.id, engineId);
    this.routes.set(engineId, { session, clientId: msg.id });
    this.toEngine({ ...msg, id: engineId });
  }

  closeSession(session: SessionImpl): void {
    this.sessions.delete(session);
    for (const engineId of session.byClientId.values()) {
      this.routes.delete(engineId);
      this.toEngine({ t: 'cancel', id: engineId });
    }
    session.byClientId.clear();
  }

  // -- the process ------------------------------------------------------------------------------

  private launch(): void {
    this.restartTimer = null;
    let proc: EngineProcess;
    try {
      proc = this.spawn(this.current.restarts);
    } catch (e) {
      this.onExit(null, { code: null, signal: null }, e instanceof Error ? e.message : String(e));
      return;
    }
    this.proc = proc;
    proc.onMessage((m) => this.fromEngine(proc, m));
    proc.onExit((exit) => this.onExit(proc, exit));
    this.watchLiveness(proc);
    this.setState({ ...this.current, status: 'starting', pid: proc.pid ?? null, message: undefined });
    const queued = this.queue;
    this.queue = [];
    for (const m of queued) this.toEngine(m);
  }

  private toEngine(m: ClientMessage): void {
    if (!this.proc) {
      if (m.t === 'req') this.queue.push(m);
      return;
    }
    this.toEngineRaw(m);
  }

  private toEngineRaw(m: EngineInbound): void {
    if (!this.proc) return;
    try {
      this.proc.send(m);
    } catch (e) {
      // The process is going away; its exit handler fails the request.
      this.opts.log?.(`engine: send failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private fromEngine(proc: EngineProcess, m: unknown): void {
    if (proc !== this.proc || !isEngineMessage(m)) return;
    if (this.watch) {
      this.watch.lastHeard = Date.now();
      this.watch.heard = true;
    }
    if (m.t === 'pong') return;
    if (m.t === 'ready') {
      const message = m.error
        ? `The engine started without a working backend: ${m.error.message}`
        : undefined;
      this.setState({ ...this.current, status: 'ready', pid: m.pid, message });
      return;
    }
    const route = this.routes.get(m.id);
    if (!route) return;
    if (m.t !== 'evt') {
      this.routes.delete(m.id);
      route.session.byClientId.delete(route.clientId);
    }
    route.session.deliver({ ...m, id: route.clientId });
  }

  /**
   * Pings the engine every heartbeatMs and kills it after missedBeats intervals of silence (or
   * startupMs before its first message). A supervisor whose own loop was held up (a busy main
   * process, a laptop waking from sleep) forgives the gap instead of blaming the engine.
   */
  private watchLiveness(proc: EngineProcess): void {
    this.stopWatch();
    const every = this.opts.heartbeatMs;
    if (every <= 0) return;
    const now = Date.now();
    const watch = {
      lastHeard: now,
      lastTick: now,
      heard: false,
      n: 0,
      timer: setInterval(() => {
        if (proc !== this.proc) return this.stopWatch();
        const t = Date.now();
        if (t - watch.lastTick > 2 * every) watch.lastHeard = t; // we were not running: not its fault
        watch.lastTick = t;
        const silent = t - watch.lastHeard;
        const limit = watch.heard ? every * this.opts.missedBeats : this.opts.startupMs;
        if (silent >= limit) {
          this.killUnresponsive(proc, silent);
          return;
        }
        if (watch.heard) this.toEngineRaw({ t: 'ping', n: ++watch.n });
      }, every),
    };
    // The heartbeat alone must not keep a CLI process alive.
    (watch.timer as { unref?: () => void }).unref?.();
    this.watch = watch;
  }

  private stopWatch(): void {
    if (this.watch) clearInterval(this.watch.timer);
    this.watch = null;
  }

  private killUnresponsive(proc: EngineProcess, silentMs: number): void {
    this.stopWatch();
    this.killedFor.set(proc, { silentMs });
    this.opts.log?.(`engine: no answer for ${Math.round(silentMs / 1000)} s; killing pid ${proc.pid ?? '?'}`);
    try {
      proc.kill(true);
    } catch {
      // Already gone: its exit follows.
    }
    // A process that cannot even be killed (stuck in the kernel) is abandoned after the grace time.
    const grace = setTimeout(() => {
      if (proc === this.proc) this.onExit(proc, { code: null, signal: 'SIGKILL' });
    }, this.opts.killGraceMs);
    (grace as { unref?: () => void }).unref?.();
    proc.onExit(() => clearTimeout(grace));
  }

  private onExit(
    proc: EngineProcess | null,
    exit: { code: number | null; signal: string | null },
    spawnError?: string,
  ): void {
    if (proc && proc !== this.proc) return;
    this.proc = null;
    this.stopWatch();
    const killed = proc ? this.killedFor.get(proc) : undefined;
    const lastExit: EngineExit = {
      ...exit,
      at: Date.now(),
      ...(killed ? { reason: 'unresponsive' as const, silentMs: killed.silentMs } : {}),
    };
    const seconds = killed ? Math.round(killed.silentMs / 1000) : 0;
    const why = spawnError
      ? `it could not start (${spawnError})`
      : killed
        ? `it stopped answering for ${seconds} s and was killed`
        : describeExit(exit);
    if (this.stopping) {
      this.failInflight({ code: 'engine_unavailable', message: 'The engine was shut down.' });
      this.setState({ status: 'stopped', pid: null, restarts: this.current.restarts, lastExit });
      return;
    }
    this.opts.log?.(`engine: stopped unexpectedly (${why})`);
    const now = lastExit.at;
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < this.opts.windowMs), now];
    if (this.crashTimes.length > this.opts.maxCrashes) {
      const message = `The engine stopped ${this.crashTimes.length} times in ${Math.round(this.opts.windowMs / 1000)} s (last time ${why}); it will not be restarted. Restart the app.`;
      this.failInflight({
        code: 'engine_unavailable',
        message,
        params: { kind: 'crashed', times: this.crashTimes.length },
      });
      this.setState({ status: 'failed', pid: null, restarts: this.current.restarts, lastExit, message });
      for (const m of this.queue) this.failQueued(m, this.unavailable());
      this.queue = [];
      return;
    }
    this.failInflight(
      killed
        ? {
            code: 'engine_restarted',
            message: `The engine stopped answering for ${seconds} s and was restarted; this request did not finish. Try again.`,
            params: { kind: 'unresponsive', seconds },
          }
        : {
            code: 'engine_restarted',
            message: `The engine stopped (${why}) and is being restarted; this request did not finish. Try again.`,
            params: { exit: lastExit.signal ?? (lastExit.code === null ? '?' : lastExit.code) },
          },
    );
    const restarts = this.current.restarts + 1;
    this.setState({
      status: 'restarting',
      pid: null,
      restarts,
      lastExit,
      message: killed
        ? `The engine stopped answering for ${seconds} s; restarting it.`
        : `The engine stopped (${why}); restarting it.`,
    });
    const wait = this.opts.backoffMs * (this.crashTimes.length - 1);
    if (wait <= 0) this.launch();
    else this.restartTimer = setTimeout(() => this.launch(), wait);
  }

  private failQueued(m: ClientMessage, error: ApiError): void {
    if (m.t !== 'req') return;
    const route = this.routes.get(m.id);
    if (!route) return;
    this.routes.delete(m.id);
    route.session.byClientId.delete(route.clientId);
    route.session.deliver({ t: 'err', id: route.clientId, error });
  }

  private failInflight(error: ApiError): void {
    const queuedIds = new Set(this.queue.map((m) => m.id));
    for (const [engineId, route] of [...this.routes]) {
      if (queuedIds.has(engineId)) continue; // not sent yet: it will go to the next process
      this.routes.delete(engineId);
      route.session.byClientId.delete(route.clientId);
      route.session.deliver({ t: 'err', id: route.clientId, error });
    }
  }

  private unavailable(): ApiError {
    return { code: 'engine_unavailable', message: this.current.message ?? 'The engine is not running.' };
  }

  private setState(s: EngineState): void {
    this.current = s;
    for (const l of this.stateListeners) l(s);
    for (const session of this.sessions)
      session.deliver({ t: 'state', state: s, protocol: PROTOCOL_VERSION });
  }
}
