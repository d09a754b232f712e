/** Graph export: the whole laid-out graph (not just the visible part) as SVG or PNG, with title and legend. */
import { AUX_COLOUR, INK, type LegendEntry } from '../../../lib/draw/colours';
import type { Scene } from '../../../lib/draw/scene';
import { esc, sceneToSvg, svgToPng } from '../../../lib/draw/svg-export';
import { downloadBlob, downloadText } from '../../../lib/export/download';
import { estimateWidth } from '../../../lib/layout/measure';

/** A title line and a row of legend swatches above the drawing. */
export function legendHeader(
  title: string,
  legend: LegendEntry[],
  aux: boolean | string,
): { svg: string; height: number; width: number } {
  const parts: string[] = [
    `<text x="20" y="24" font-size="15" font-weight="600" fill="${INK}">${esc(title)}</text>`,
  ];
  let x = 20;
  const y = 44;
  const rows = [
    ...legend,
    // `aux` is the legend's label in the user's language, or true for the English one.
    ...(aux
      ? [
          {
            label: typeof aux === 'string' ? aux : 'auxiliary head (training only)',
            ...AUX_COLOUR,
            dashed: true,
          },
        ]
      : []),
  ];
  for (const r of rows) {
    const dashed = 'dashed' in r;
    parts.push(
      `<rect x="${x}" y="${y - 9}" width="16" height="11" rx="2" fill="${r.fill}" stroke="${r.stroke}" stroke-width="1.5"${dashed ? ' stroke-dasharray="3 2"' : ''}/>`,
      `<text x="${x + 21}" y="${y}" font-size="11" fill="${INK}">${esc(r.label)}</text>`,
    );
    x += 21 + estimateWidth(r.label, 11) + 16;
  }
  return { svg: parts.join(''), height: 58, width: Math.max(x, 20 + estimateWidth(title, 15, true)) + 20 };
}

export function graphSvg(scene: Scene, title: string, legend: LegendEntry[], aux: boolean | string): string {
  const head = legendHeader(title, legend, aux);
  return sceneToSvg(scene, { title, header: head.svg, headerHeight: head.height, minWidth: head.width });
}

export const fileStem = (title: string) => title.replace(/[^\w.-]+/g, '_').replace(/_+$/, '') || 'diagram';

export function exportGraphSvg(
  scene: Scene,
  title: string,
  legend: LegendEntry[],
  aux: boolean | string,
): string {
  const svg = graphSvg(scene, title, legend, aux);
  downloadText(`${fileStem(title)}.svg`, svg, 'image/svg+xml');
  return svg;
}

export async function exportGraphPng(
  scene: Scene,
  title: string,
  legend: LegendEntry[],
  aux: boolean | string,
): Promise<void> {
  downloadBlob(`${fileStem(title)}.png`, await svgToPng(graphSvg(scene, title, legend, aux)));
}
