// Every error code the engine and main side can send has a sentence in the dictionaries (English,
// and so Korean, which the parity test keeps in step), found by reading the source, not a list.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../src-renderer/i18n/en/index.js';
import { ko } from '../../../src-renderer/i18n/ko/index.js';
import { errorKey } from '../../../src-renderer/lib/shell/error-key.js';

const root = new URL('../../../src-main', import.meta.url).pathname;

function sources(dir: string, out: { path: string; text: string }[] = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
      out.push({ path, text: readFileSync(path, 'utf8') });
  }
  return out;
}
const files = sources(root);
const all = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => m[1]);

/** Codes in `new ProtocolError('x'`, and `code: 'x'` in files that build ApiErrors by hand. */
function thrownCodes(): Set<string> {
  const codes = new Set<string>();
  for (const { text } of files) {
    for (const c of all(/new ProtocolError\(\s*'([a-z_]+)'/g, text)) codes.add(c);
    if (/ApiError|failInflight/.test(text)) for (const c of all(/\bcode: '([a-z_]+)'/g, text)) codes.add(c);
  }
  // WeightsError codes reach the wire as `weights_<code>` (host/handlers/activations.ts).
  const types = files.find((f) => f.path.endsWith(join('weights', 'types.ts')))!.text;
  const union = /type WeightsErrorCode =([^;]+);/.exec(types)![1];
  for (const c of all(/'([a-z_]+)'/g, union)) codes.add(`weights_${c}`);
  return codes;
}

describe('engine error codes', () => {
  const codes = thrownCodes();
  it('finds the codes in the source', () => {
    // Hand-picked codes the task names: the scan must see them, or it is scanning the wrong thing.
    for (const c of [
      'cancelled',
      'engine_restarted',
      'backend_unavailable',
      'bad_data',
      'bad_image',
      'onnx_load',
    ])
      expect(codes, c).toContain(c);
    for (const c of ['weights_mismatch', 'weights_truncated']) expect(codes, c).toContain(c);
  });
  it('every code has a sentence in English and Korean', () => {
    const missing = [...codes].filter((c) => !(`error.${c}` in en) || !(`error.${c}` in ko));
    expect(missing).toEqual([]);
  });
  it('every params.kind the engine sends picks a sentence', () => {
    const kinds = new Set<string>();
    for (const { text } of files)
      if (/DataError|WeightsError|ProtocolError|failInflight/.test(text))
        for (const k of all(/\bkind: '([a-zA-Z]+)',\s*\n?\s*(?:file|folder|backend|times|network)/g, text))
          kinds.add(k);
    expect(kinds.size).toBeGreaterThanOrEqual(7);
    const keys = Object.keys(en).filter((k) => k.startsWith('error.'));
    const orphan = [...kinds].filter((k) => !keys.some((key) => key.endsWith(`.${k}`)));
    expect(orphan).toEqual([]);
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
    expect(errorKey({ code: 'demo_error' })).toBeNull();
  });
});
