/** The header band of an exported figure: title, caption, notes and the colour key, as in the figure tab. */
import { INK, MUTED } from '../../../lib/draw/colours';
import { esc } from '../../../lib/draw/svg-export';
import { estimateWidth } from '../../../lib/layout/measure';

export function figureHeader(
  title: string,
  caption: string,
  notes: string[],
  /** The key's swatches: colours and words. */
  key: { fill: string; stroke: string; label: string }[] = [],
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
  if (key.length) {
    y += 18;
    let x = 20;
    for (const k of key) {
      lines.push(
        `<rect x="${x}" y="${y - 9}" width="14" height="10" rx="2" fill="${k.fill}" stroke="${k.stroke}" stroke-width="1.5"/>`,
        `<text x="${x + 18}" y="${y}" font-size="11" fill="${INK}">${esc(k.label)}</text>`,
      );
      x += 30 + estimateWidth(k.label, 11);
    }
    width = Math.max(width, x + 20);
  }
  return { svg: lines.join(''), height: y + 14, width: Math.ceil(width) };
}
