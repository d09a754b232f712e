// Every i18n key the renderer's source names statically must exist in the English dictionary (and
// so in Korean, which the renderer's own test keeps in step).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../src-renderer/i18n/en/index.js';

/** Static keys in the source: t('…'), tIn(x, '…') and `key: '…'` props of the lesson widgets. */
function sourceKeys(dir: string, out: Map<string, string> = new Map()): Map<string, string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      sourceKeys(path, out);
      continue;
    }
    if (
      !/\.(ts|svelte)$/.test(name) ||
      name.endsWith('.test.ts') ||
      path.includes(join('i18n', 'en')) ||
      path.includes(join('i18n', 'ko'))
    )
      continue;
    const text = readFileSync(path, 'utf8');
    const patterns = [
      /\bt\(\s*'([a-zA-Z0-9_.-]+)'/g,
      /\btIn\(\s*[^,]+,\s*'([a-zA-Z0-9_.-]+)'/g,
      /\b(?:key|label|labelKey|titleKey|noteKey|what|finding):\s*'([a-z0-9]+\.[a-zA-Z0-9_.-]+)'/g,
    ];
    for (const re of patterns) for (const m of text.matchAll(re)) out.set(m[1], path);
  }
  return out;
}

describe('keys used in the source', () => {
  it('every statically used key exists', () => {
    const root = new URL('../../../src-renderer', import.meta.url).pathname;
    const used = sourceKeys(root);
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter(([k]) => !(k in en)).map(([k, p]) => `${k} (${p})`);
    expect(missing).toEqual([]);
  });
});
