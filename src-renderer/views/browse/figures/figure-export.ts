/** The header band of an exported figure: title, caption and notes, as in the figure tab. */
import { INK, MUTED } from '../../../lib/draw/colours';
import { esc } from '../../../lib/draw/svg-export';
import { estimateWidth } from '../../../lib/layout/measure';

export function figureHeader(
  title: string,
  caption: string,
  notes: string[],
): { svg: string; height: number; width: number } {
  const lines: string[] = [
    `<text x="20" y="24" font-size="15" font-weight="600" fill="${INK}">${esc(title)}</text>`,
  ];
  let y = 42;
  let width = 40 + estimateWidth(title, 15, true);
  lines.push(`<text x="20" y="${y}" font-size="11" fill="${MUTED}">${esc(caption)}</text>`);
  width = Math.max(width, 40 + estimateWidth(caption, 11));
  for (const n of notes) {
    y += 16;
    lines.push(`<text x="20" y="${y}" font-size="11" fill="#7a4a0f">${esc(n)}</text>`);
    width = Math.max(width, 40 + estimateWidth(n, 11));
  }
  return { svg: lines.join(''), height: y + 14, width: Math.ceil(width) };
}
