/**
 * The bundled sample images and their terms, read from assets/samples/LICENSES.md so the table the
 * app shows is the one shipped beside the files.
 */
export interface Sample {
  file: string;
  subject: string;
  terms: string;
}

/** Rows of the first markdown table whose header has file, subject and terms columns. */
export function parseSampleTable(md: string): Sample[] {
  const rows = md
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|') && l.endsWith('|'));
  const cells = (l: string) =>
    l
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
  const header = rows.length ? cells(rows[0]!).map((c) => c.toLowerCase()) : [];
  const [fi, si, ti] = ['file', 'subject', 'terms'].map((k) => header.indexOf(k));
  if (fi === undefined || si === undefined || ti === undefined || fi < 0 || si < 0 || ti < 0) return [];
  return rows
    .slice(1)
    .map(cells)
    .filter((c) => !c.every((x) => /^:?-+:?$/.test(x)))
    .map((c) => ({ file: c[fi] ?? '', subject: c[si] ?? '', terms: c[ti] ?? '' }))
    .filter((s) => /^[\w.-]+\.(png|jpe?g|webp)$/i.test(s.file));
}

/** The prose before the table (where the images come from). */
export function tableIntro(md: string): string {
  const lines = md.split('\n');
  const end = lines.findIndex((l) => l.trim().startsWith('|'));
  return lines
    .slice(0, end < 0 ? lines.length : end)
    .filter((l) => !l.startsWith('#'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
