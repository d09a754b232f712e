/**
 * Methods that exist to test the frame itself: the binary path, streaming, cancellation, errors.
 * They allocate up to 256 MB, sleep for minutes and fake any error code, so a production engine must
 * not have them: they are registered only when the test harness sets INCEPTION_TEST_HOOKS=1, and
 * without them the dispatcher answers `unknown_method`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  ProtocolError,
  debugTensorValue,
  fnv1a,
  tensorPayload,
  type ErrorCode,
} from '../../shared/protocol/index.js';
import { paramsOf } from '../params.js';
import type { Handlers } from '../registry.js';

/** The longest is in params-schemas.ts (2^26 elements, 256 MB). */
export const DEBUG_TENSOR_DEFAULT_LENGTH = 1 << 20;

export type DebugMethod = 'debug.tensor' | 'debug.sleep' | 'debug.fail';

/** Whether this process may serve debug.* (set by the vitest configs and the e2e harnesses, never by a build). */
export function testHooksEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.INCEPTION_TEST_HOOKS === '1';
}

export function debugHandlers(enabled = testHooksEnabled()): Partial<Handlers<DebugMethod>> {
  if (!enabled) return {};
  return {
    'debug.tensor': (raw) => {
      const p = paramsOf('debug.tensor', raw);
      const length = p?.length ?? DEBUG_TENSOR_DEFAULT_LENGTH;
      const seed = p?.seed ?? 0;
      const values = new Float32Array(length);
      for (let i = 0; i < length; i++) values[i] = debugTensorValue(i, seed);
      const tensor = tensorPayload('float32', [length], values);
      return { tensor, fnv1a: fnv1a(new Uint8Array(tensor.data)) };
    },

    'debug.sleep': async (raw, ctx) => {
      const p = paramsOf('debug.sleep', raw);
      const { ms } = p;
      const steps = p.steps ?? 10;
      const t0 = performance.now();
      for (let done = 0; done < steps; done++) {
        // Rejects with an AbortError on cancel, which the dispatcher reports as 'cancelled'.
        await delay(ms / steps, undefined, { signal: ctx.signal });
        ctx.emit({ kind: 'progress', done: done + 1, total: steps, message: `slept ${done + 1}/${steps}` });
      }
      return { steps, elapsedMs: performance.now() - t0 };
    },

    'debug.fail': (raw) => {
      const p = paramsOf('debug.fail', raw);
      const code = p.code ?? 'internal';
      const message = p.message ?? 'debug.fail was asked to fail.';
      // Any code, listed or not: an unlisted one tests how the UI words a code of another version
      // (it falls back to the engine's English message), which the closed ErrorCode type cannot say.
      throw new ProtocolError(code as ErrorCode, message, p.detail);
    },
  };
}
