/**
 * The shell's view of the engine: connection and engine state from the api, plus `engine.info`
 * (fetched on every start, so it is a real round trip), and a notice when the engine restarts.
 */
import type { EngineInfo } from '../../../src-main/shared/protocol/index.js';
import { t } from '../../i18n/i18n.svelte.js';
import { notify, notifyError } from './notices.svelte.js';
import type { Api, ApiStatus } from '../api/index.js';

export class EngineStore {
  status = $state.raw<ApiStatus>({ connection: 'connecting', engine: null, shell: 'web' });
  info = $state.raw<EngineInfo | null>(null);
  infoError = $state<string | null>(null);
  /** Restarts seen while this page was open. */
  restartsSeen = $state(0);

  private lastRestarts: number | null = null;
  private lastPid: number | null = null;
  private unsubscribe: () => void = () => {};

  constructor(private readonly api: Api) {}

  start(): void {
    this.unsubscribe = this.api.subscribe((s) => this.onStatus(s));
  }

  stop(): void {
    this.unsubscribe();
  }

  private onStatus(s: ApiStatus): void {
    const prev = this.status;
    this.status = s;
    const engine = s.engine;
    if (!engine) return;
    if (this.lastRestarts !== null && engine.restarts > this.lastRestarts) {
      this.restartsSeen += engine.restarts - this.lastRestarts;
      const exit = engine.lastExit ? (engine.lastExit.signal ?? engine.lastExit.code ?? '?') : '?';
      notify({
        kind: 'warn',
        title: t('error.engineRestartedTitle'),
        message: t('error.engineRestartedBody', { exit }),
      });
    }
    this.lastRestarts = engine.restarts;
    if (engine.status === 'failed' && prev.engine?.status !== 'failed') {
      notify({
        kind: 'error',
        title: t('error.engineStoppedTitle'),
        message: t('error.engineStoppedBody'),
        ...(engine.message ? { detail: engine.message } : {}),
      });
    }
    const becameReady =
      engine.status === 'ready' && (prev.engine?.status !== 'ready' || engine.pid !== this.lastPid);
    if (becameReady) void this.refreshInfo();
    this.lastPid = engine.pid;
  }

  async refreshInfo(): Promise<void> {
    try {
      this.info = await this.api.request('engine.info');
      this.infoError = null;
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code === 'engine_restarted' || err.code === 'disconnected') return; // the next 'ready' retries
      this.infoError = err.message ?? String(e);
      notifyError(e, t('error.engineStatusFailed'));
    }
  }
}
