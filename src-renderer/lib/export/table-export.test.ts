import { describe, expect, it } from 'vitest';
import { toCsv, toMarkdown } from './table-export';

const cols = [
  { key: 'name', title: 'name' },
  { key: 'params', title: 'params', numeric: true },
];

describe('table export', () => {
  it('writes RFC 4180 CSV: quotes fields with commas, quotes or newlines; CRLF lines', () => {
    const csv = toCsv(cols, [
      { name: 'conv1', params: 9472 },
      { name: 'a,b', params: 1 },
      { name: 'say "hi"', params: null },
    ]);
    expect(csv).toBe('name,params\r\nconv1,9472\r\n"a,b",1\r\n"say ""hi""",\r\n');
  });
  it('writes a Markdown table with numbers right-aligned and pipes escaped', () => {
    const md = toMarkdown(cols, [
      { name: 'a|b', params: 5 },
      { name: 'TOTAL', params: 6998552 },
    ]);
    expect(md).toBe('| name | params |\n|---|---:|\n| a\\|b | 5 |\n| TOTAL | 6998552 |\n');
  });
});
