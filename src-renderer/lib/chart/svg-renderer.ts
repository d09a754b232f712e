/** Lines as SVG paths inside a <g> of the chart's own <svg>. */
import type { ChartRenderer } from './renderer';
import { CLIP_PAD, pathMarkup } from './renderer';

let clipSeq = 0;

export function svgRenderer(group: SVGGElement): ChartRenderer {
  const clipId = `chart-clip-${++clipSeq}`;
  return {
    kind: 'svg',
    resize() {},
    draw(lines, c) {
      group.innerHTML =
        `<defs><clipPath id="${clipId}"><rect x="${c.x - CLIP_PAD}" y="${c.y - CLIP_PAD}" width="${c.w + 2 * CLIP_PAD}" height="${c.h + 2 * CLIP_PAD}"/></clipPath></defs>` +
        `<g clip-path="url(#${clipId})">${lines.map(pathMarkup).join('')}</g>`;
    },
    destroy() {
      group.innerHTML = '';
    },
  };
}
