/** How the views name the engine that computed a gradient: "ONNX Runtime (cpu)" or "tfjs (wasm)". */
import type { GradientBackend } from '../engine/gradients/types.js';
import type { EngineEnv } from './env.js';

export async function gradientBackendLabel(b: GradientBackend, env: EngineEnv): Promise<string> {
  if (b.name === 'tfjs') return `tfjs (${(await env.backend).active})`;
  return `ONNX Runtime (${(b as { provider?: string }).provider ?? 'cpu'})`;
}
