/**
 * The backend names and the report the engine gives about them. Kept free of Node and tfjs so that
 * shared/protocol (and through it the renderer) can import it; engine/backends.ts does the probing.
 */

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** Fastest first, the order of automatic choice. */
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export interface BackendStatus {
  name: BackendName;
  available: boolean;
  /** Why not (or, for an available but slow backend, a warning), in words a user can act on. */
  reason?: string;
}

export interface BackendReport {
  active: BackendName;
  /** Every backend, fastest first. */
  statuses: BackendStatus[];
  /** Set when the backend was chosen by --backend (or initBackend's `force` option) or by INCEPTION_BACKEND. */
  forcedBy?: 'flag' | 'env';
  /** Whether the wasm binary in use has SIMD (set when wasm is active). */
  simd?: boolean;
}
