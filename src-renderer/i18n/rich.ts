/**
 * A tiny markup for lesson and glossary text, so translators keep terms and emphasis without HTML:
 *   **bold**   `code`   [[term-id]] or [[term-id|shown words]] (a glossary term, hover for its definition)
 * Anything else is plain text. Unclosed markers stay literal.
 */
export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'term'; term: string; text?: string };

const TOKEN = /\*\*(.+?)\*\*|`([^`]+)`|\[\[([a-z0-9-]+)(?:\|([^\]]+))?\]\]/g;

export function parseRich(src: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of src.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ kind: 'text', text: src.slice(last, at) });
    if (m[1] !== undefined) out.push({ kind: 'bold', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'code', text: m[2] });
    else
      out.push(m[4] !== undefined ? { kind: 'term', term: m[3], text: m[4] } : { kind: 'term', term: m[3] });
    last = at + m[0].length;
  }
  if (last < src.length) out.push({ kind: 'text', text: src.slice(last) });
  return out;
}

/** Glossary term ids referenced by a text. */
export function termsIn(src: string): string[] {
  return parseRich(src).flatMap((s) => (s.kind === 'term' ? [s.term] : []));
}
