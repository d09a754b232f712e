/** The README's benchmark figures are the ones in bench/results, written by scripts/readme-figures.ts. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { END, figuresBlock, START } from '../../../scripts/readme-figures.js';

test('the README quotes exactly the figures bench/results holds (run `npx tsx scripts/readme-figures.ts`)', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const block = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
  expect(block).toBe(figuresBlock());
});

test('every figure carries the file it comes from and its date', () => {
  const lines = figuresBlock()
    .split('\n')
    .filter((l) => l.startsWith('- **'));
  expect(lines.length).toBeGreaterThan(3);
  for (const l of lines) expect(l).toMatch(/\(`bench\/results\/[\w-]+\.json`, \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
});
