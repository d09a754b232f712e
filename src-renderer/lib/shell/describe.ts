/** Human words for engine facts, shared by the status bar and notices. */
import type { BackendReport, EngineExit } from '../../../src-main/shared/protocol/index.js';
import type { MessageKey } from '../../i18n/en/index.js';

export function describeExit(exit: Pick<EngineExit, 'code' | 'signal'>): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  if (exit.code !== null) return `exit code ${exit.code}`;
  return 'it exited';
}

export const BACKEND_LABELS: Record<string, string> = {
  'tensorflow-gpu': 'TensorFlow GPU (CUDA)',
  tensorflow: 'TensorFlow CPU (native)',
  wasm: 'WebAssembly',
  cpu: 'JavaScript CPU',
};

export function backendLabel(report: BackendReport): string {
  const base = BACKEND_LABELS[report.active] ?? report.active;
  if (report.active === 'wasm' && report.simd !== undefined)
    return `${base}${report.simd ? ' (SIMD)' : ' (no SIMD)'}`;
  return base;
}

/** Where a backend or execution provider stands in its fallback chain. */
export type RowState = 'active' | 'skipped' | 'available' | 'unavailable';

/** The i18n key of each row state's tag in the status-bar popovers. */
export const ROW_STATE_KEYS: Record<RowState, MessageKey> = {
  active: 'status.inUse',
  skipped: 'status.skipped',
  available: 'status.available',
  unavailable: 'status.notAvailable',
};

export interface BackendRow {
  name: string;
  label: string;
  state: RowState;
  reason?: string;
}

/**
 * One row per backend in priority order: those above the active one were skipped (with why),
 * those below were not needed.
 */
export function backendRows(report: BackendReport): BackendRow[] {
  const activeIndex = report.statuses.findIndex((s) => s.name === report.active);
  const forced = report.forcedBy === 'env' ? 'INCEPTION_BACKEND' : '--backend';
  return report.statuses.map((s, i) => {
    const state =
      s.name === report.active
        ? 'active'
        : i < activeIndex
          ? 'skipped'
          : s.available
            ? 'available'
            : 'unavailable';
    // An available backend above the active one was passed over only because another was forced.
    const reason =
      state === 'skipped' && s.available && report.forcedBy
        ? `available, but ${report.active} was chosen with ${forced}`
        : s.reason;
    return { name: s.name, label: BACKEND_LABELS[s.name] ?? s.name, state, reason };
  });
}
