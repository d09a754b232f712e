/**
 * A chart as a standalone SVG document (and PNG through lib/draw): the same axis model and the same
 * polylines as on screen, drawn with the SVG renderer's markup whatever the screen used.
 */
import { esc, svgToPng } from '../draw/svg-export';
import { downloadBlob } from '../export/download';
import type { AxisModel } from './axes';
import { CLIP_PAD, pathMarkup } from './renderer';
import type { ChartSeries, Frame, Polyline } from './types';

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", "Noto Sans KR", sans-serif';
const INK = '#1f2430';
const MUTED = '#4e5866';
const GRID = '#e4e7ec';

export interface ChartDoc {
  frame: Frame;
  axes: AxisModel;
  lines: Polyline[];
  title: string;
  xLabel: string;
  series: ChartSeries[];
}

const LEGEND_ROW = 18;

export function chartToSvg(doc: ChartDoc): string {
  const { frame, axes, lines } = doc;
  const p = axes.plot;
  const legendTop = frame.height + 6;
  const h = legendTop + doc.series.length * LEGEND_ROW + 8;
  const w = frame.width;
  const grid = [
    ...axes.y.map((t) => `<line x1="${p.x}" x2="${p.x + p.w}" y1="${t.at}" y2="${t.at}" stroke="${GRID}"/>`),
    ...axes.x.map((t) => `<line x1="${t.at}" x2="${t.at}" y1="${p.y}" y2="${p.y + p.h}" stroke="${GRID}"/>`),
  ];
  const labels = [
    ...axes.y.map(
      (t) =>
        `<text x="${p.x - 6}" y="${t.at}" dy="0.32em" text-anchor="end" font-size="11" fill="${MUTED}">${esc(t.label)}</text>`,
    ),
    ...axes.x.map(
      (t) =>
        `<text x="${t.at}" y="${p.y + p.h + 16}" text-anchor="middle" font-size="11" fill="${MUTED}">${esc(t.label)}</text>`,
    ),
  ];
  const legend = doc.series.map((s, i) => {
    const y = legendTop + i * LEGEND_ROW + 9;
    return (
      `<line x1="${p.x}" x2="${p.x + 24}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>` +
      `<text x="${p.x + 30}" y="${y}" dy="0.32em" font-size="12" fill="${INK}">${esc(s.label)}${s.tag ? ` (${esc(s.tag)})` : ''}</text>`
    );
  });
  const c = CLIP_PAD;
  const clip = `<clipPath id="plot"><rect x="${p.x - c}" y="${p.y - c}" width="${p.w + 2 * c}" height="${p.h + 2 * c}"/></clipPath>`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family='${FONT_FAMILY}'>`,
    `<title>${esc(doc.title)}</title>`,
    `<defs>${clip}</defs>`,
    `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
    `<text x="${p.x}" y="16" font-size="13" font-weight="600" fill="${INK}">${esc(doc.title)}</text>`,
    ...grid,
    `<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" fill="none" stroke="#c8cdd5"/>`,
    ...labels,
    `<text x="${p.x + p.w}" y="${p.y + p.h + 30}" text-anchor="end" font-size="11" fill="${MUTED}">${esc(doc.xLabel)}</text>`,
    `<g clip-path="url(#plot)">${lines.map(pathMarkup).join('')}</g>`,
    ...legend,
    `</svg>`,
  ].join('\n');
}

export async function chartToPng(doc: ChartDoc, scale = 2): Promise<Blob> {
  return svgToPng(chartToSvg(doc), scale);
}

/** Saves a blob under a file name (browser download; Electron shows its save dialog). */
export function download(blob: Blob, name: string): void {
  downloadBlob(name, blob);
}
