/**
 * `inception-explorer paper-table <table>`: a paper's table reproduced from the spec, printed and
 * computed columns side by side, with a one-line note under each row where they differ.
 *
 * --json prints { schema: 'inception-explorer/paper-table@1', ...PaperTable } (docs/cli-json.md).
 */
import { type Command, Argument } from 'commander';
import { isPaperTableId, PAPER_TABLE_IDS, paperTable, type PaperTable } from '../../analysis/paper-tables.js';
import { textTable } from './text-table.js';

export function paperTableText(t: PaperTable): string {
  const notes: string[] = [];
  const rows = t.rows.map((r) => {
    const cells = t.columns.map((c) => r.cells[c.key] ?? null);
    let mark = r.added ? '+' : '';
    if (r.note) {
      notes.push(r.note);
      mark += `[${notes.length}]`;
    }
    return [mark, ...cells];
  });
  const numeric = t.columns.map((c) => t.rows.some((r) => typeof r.cells[c.key] === 'number'));
  const out = [
    `${t.source.paper} ${t.source.figure}: ${t.title}`,
    t.id === 'inception_v4'
      ? 'computed from each network in its default flavour'
      : `computed from ${t.network} (${t.flavour} flavour)`,
    '',
    textTable(['', ...t.columns.map((c) => c.label)], rows, [false, ...numeric]),
  ];
  if (notes.length > 0) out.push('', ...notes.map((n, i) => `[${i + 1}] ${n}`));
  if (t.rows.some((r) => r.added))
    out.push('', '+ a row the paper does not print, added so the rows cover the whole network.');
  out.push('', ...t.notes.map((n) => `Note: ${n}`));
  return out.join('\n');
}

export function runPaperTable(id: string, opts: { json?: boolean } = {}): string {
  if (!isPaperTableId(id))
    throw new Error(`unknown paper table '${id}' (known: ${PAPER_TABLE_IDS.join(', ')})`);
  const t = paperTable(id);
  return opts.json
    ? JSON.stringify({ schema: 'inception-explorer/paper-table@1', ...t }, null, 2)
    : paperTableText(t);
}

export function register(program: Command): void {
  program
    .command('paper-table')
    .description("A paper's table rebuilt from the spec, with the printed and computed numbers side by side")
    .addArgument(new Argument('<table>', 'which table').choices(PAPER_TABLE_IDS))
    .option('--json', 'print JSON (schema inception-explorer/paper-table@1, see docs/cli-json.md)')
    .action((table: string, opts: { json?: boolean }) => {
      console.log(runPaperTable(table, opts));
    });
}
