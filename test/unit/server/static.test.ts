import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../../src-main/server/static.js';

const root = '/srv/app/dist/renderer';

describe('static file paths', () => {
  it('maps URL paths into the root, with index.html for directories', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/?token=abc')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index-1.js')).toBe(join(root, 'assets/index-1.js'));
    expect(resolveStaticPath(root, '/assets/a%20b.png')).toBe(join(root, 'assets/a b.png'));
  });

  it('never leaves the root', () => {
    for (const p of [
      '/../secret',
      '/assets/../../secret',
      '/%2e%2e/secret',
      '/..%2fsecret',
      '/a/..%2f..%2fsecret',
      '/foo\\..\\bar',
      '/x%00.js',
      '/%E0%A4%A',
    ]) {
      expect(resolveStaticPath(root, p), p).toBeNull();
    }
  });
});
