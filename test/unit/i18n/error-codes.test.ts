// The closed list of error codes (shared/protocol/errors.ts) against the dictionaries: every code
// and kind has its sentence in English and Korean, no dictionary sentence names a code the list
// lacks, and errorKey picks the kind sentence only when the list gives the kind one. (tsc checks the
// English keys at compile time in error-key.ts; this also covers Korean and the reverse direction.)
import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  ERROR_KINDS,
  errorMessageKeys,
  isErrorCode,
  ProtocolError,
  toApiError,
} from '../../../src-main/shared/protocol/index.js';
import { WeightsError } from '../../../src-main/engine/weights/types.js';
import { wrap } from '../../../src-main/host/handlers/activations.js';
import { en } from '../../../src-renderer/i18n/en/index.js';
import { ko } from '../../../src-renderer/i18n/ko/index.js';
import { errorKey } from '../../../src-renderer/lib/shell/error-key.js';

describe('the closed list of error codes', () => {
  it('holds the codes the engine, the main side and the renderer send', () => {
    // Named by hand from the places that send them (supervisor, dispatcher, web bridge, handlers).
    for (const c of [
      'cancelled',
      'engine_restarted',
      'engine_unavailable',
      'disconnected',
      'too_busy',
      'path_refused',
      'backend_unavailable',
      'bad_data',
      'bad_image',
      'onnx_load',
      'storage',
      'weights_mismatch',
      'weights_truncated',
    ])
      expect(ERROR_CODES, c).toContain(c);
  });

  it('every code and kind has a sentence in English and Korean', () => {
    const keys = errorMessageKeys();
    expect(keys.length).toBeGreaterThan(ERROR_CODES.length);
    expect(keys.filter((k) => !(k in en))).toEqual([]);
    expect(keys.filter((k) => !(k in ko))).toEqual([]);
  });

  it('no dictionary sentence is keyed by a code or kind the list lacks', () => {
    const listed = new Set<string>(errorMessageKeys());
    const orphans = Object.keys(en).filter((key) => {
      const [head, code] = key.split('.');
      return head === 'error' && isErrorCode(code) && !listed.has(key);
    });
    expect(orphans).toEqual([]);
  });

  it('a WeightsError reaches the wire as weights_<code>, a listed code', async () => {
    const thrown = await wrap(async () => {
      throw new WeightsError('truncated', 'w.h5 is cut short.', [], { kind: 'file', file: 'w.h5' });
    }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ProtocolError);
    expect((thrown as ProtocolError).code).toBe('weights_truncated');
    expect(ERROR_KINDS.weights_truncated).toContain('file');
  });

  it('a code outside the list (a peer of another version) arrives as internal with its sentence', () => {
    expect(toApiError({ code: 'from_the_future', message: 'Something new.' })).toEqual({
      code: 'internal',
      message: 'Something new.',
    });
  });
});

describe('errorKey', () => {
  it('picks the kind sentence when its values are all there, else the plain one', () => {
    const full = { kind: 'shapes', file: 'w.h5', network: 'Inception v3', count: 3 };
    expect(errorKey({ code: 'weights_mismatch', params: full })).toBe('error.weights_mismatch.shapes');
    expect(errorKey({ code: 'weights_mismatch', params: { kind: 'shapes' } })).toBe('error.weights_mismatch');
    expect(errorKey({ code: 'weights_mismatch' })).toBe('error.weights_mismatch');
    expect(errorKey({ code: 'engine_restarted' })).toBeNull(); // its sentence needs {exit}
    expect(errorKey({ code: 'engine_restarted', params: { exit: 'SIGKILL' } })).toBe(
      'error.engine_restarted',
    );
  });

  it('a kind the list does not give a sentence falls back to the code', () => {
    const params = { kind: 'format', file: 'x.gif', reason: 'it is a GIF' };
    expect(errorKey({ code: 'bad_image', params })).toBe('error.bad_image');
  });

  it('a code outside the list has no key (the UI shows the English message)', () => {
    // debug.fail can send such a code; the Diagnostics panel uses one to show the fallback.
    expect(errorKey({ code: 'demo_error' as never })).toBeNull();
  });
});
