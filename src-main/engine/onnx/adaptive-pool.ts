/** Moved to the op table (engine/ops/adaptive-pool.ts); re-exported for existing importers. */
export { adaptiveWindow, emitAdaptivePool } from '../ops/adaptive-pool.js';
