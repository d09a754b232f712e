/**
 * The project's workarounds for TensorFlow.js bugs and gaps, each in its own module with a test and a
 * link to the upstream issue. `applyTfjsFixes()` is idempotent; backends.ts calls it before any model is
 * built, and code that builds models outside the engine (tests, bench) should call it too.
 */
import { applyBatchNormNoScaleFix } from './batchnorm-no-scale.js';
import { registerConv2DBackpropFilterWasm } from './conv2d-backprop-filter-wasm.js';
import { registerPoolGradFixes } from './pool-grads.js';

export { applyBatchNormNoScaleFix } from './batchnorm-no-scale.js';
export { registerConv2DBackpropFilterWasm, conv2DBackpropFilterWasm } from './conv2d-backprop-filter-wasm.js';
export { registerPoolGradFixes } from './pool-grads.js';

export function applyTfjsFixes(): void {
  applyBatchNormNoScaleFix();
  registerConv2DBackpropFilterWasm();
  registerPoolGradFixes();
}
