/** docs/training-distributed.md's paper-vs-script tables are the ones the exporter writes (no drift). */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { paperTable, paperTableMarkdown } from '../../../src-main/engine/export-training/paper-table.js';
import { defaultRecipe } from '../../../src-main/engine/train/recipe.js';
import { buildNetwork, listZoo } from '../../../src-main/zoo/index.js';

test('the docs page holds each network’s table as the exporter builds it for the default recipe', () => {
  const doc = readFileSync(new URL('../../../docs/training-distributed.md', import.meta.url), 'utf8');
  const section = /<!-- paper-tables[^>]*-->\n([\s\S]*)<!-- \/paper-tables -->/.exec(doc)?.[1] ?? '';
  const want = listZoo()
    .map((e) => {
      const spec = buildNetwork(e.id);
      const rows = paperTable(spec, defaultRecipe(e.id), { emaDecay: 0.9999 });
      return `### ${e.title} (\`${e.id}\`, flavour ${spec.flavour})\n\n${paperTableMarkdown(rows)}\n`;
    })
    .join('\n');
  expect(section.trim()).toBe(want.trim());
});
