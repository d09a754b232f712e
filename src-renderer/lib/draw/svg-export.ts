/**
 * Self-contained SVG from a scene (no CSS, no external fonts or images), and PNG from that SVG.
 * The on-screen renderer (GlyphView.svelte) emits the same elements and attributes.
 */
import { FONT } from '../layout/measure';
import { AUX_COLOUR, EDGE } from './colours';
import { glyphShapes, SCENE_MARGIN, type Glyph, type Scene, type Shape } from './scene';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** Arrowhead markers, shared by screen and export. */
export const MARKERS = [
  { id: 'arrow', fill: EDGE },
  { id: 'arrow-aux', fill: AUX_COLOUR.stroke },
];
export const MARKER_PATH = 'M0,0 L8,4 L0,8 z';

export function markerDefs(prefix = ''): string {
  return MARKERS.map(
    (m) =>
      `<marker id="${prefix}${m.id}" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="${MARKER_PATH}" fill="${m.fill}"/></marker>`,
  ).join('');
}

export function shapeSvg(s: Shape, prefix = ''): string {
  switch (s.t) {
    case 'rect':
      return `<rect x="${num(s.x)}" y="${num(s.y)}" width="${num(s.w)}" height="${num(s.h)}" rx="${s.rx}" fill="${s.fill}" stroke="${s.stroke}" stroke-width="${s.sw}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`;
    case 'text':
      return `<text x="${num(s.x)}" y="${num(s.y)}" font-size="${s.size}"${s.weight ? ` font-weight="${s.weight}"` : ''}${s.italic ? ' font-style="italic"' : ''} fill="${s.fill}" text-anchor="${s.anchor}">${esc(s.text)}</text>`;
    case 'path':
      return `<path d="${s.d}" fill="none" stroke="${s.stroke}" stroke-width="${s.sw}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}${s.arrow ? ` marker-end="url(#${prefix}${s.arrow})"` : ''}/>`;
    case 'circle':
      return `<circle cx="${num(s.cx)}" cy="${num(s.cy)}" r="${num(s.r)}" fill="${s.fill}"/>`;
  }
}

export function glyphSvg(g: Glyph): string {
  const title = g.node ? `<title>${esc(g.node.id)}</title>` : '';
  return `<g transform="translate(${num(g.x)},${num(g.y)})" data-id="${esc(g.id)}">${title}${glyphShapes(g)
    .map((s) => shapeSvg(s))
    .join('')}</g>`;
}

export interface SvgExtras {
  /** SVG markup for a band above the drawing (title, legend), `headerHeight` tall. */
  header?: string;
  headerHeight?: number;
  /** Minimum document width (a header may be wider than the drawing). */
  minWidth?: number;
  title?: string;
}

/** A standalone SVG document of a whole scene. */
export function sceneToSvg(scene: Scene, extras: SvgExtras = {}): string {
  const hh = extras.headerHeight ?? 0;
  const w = Math.ceil(Math.max(scene.width, extras.minWidth ?? 0));
  const h = Math.ceil(scene.height + hh);
  const body = scene.glyphs.map(glyphSvg).join('\n');
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${esc(FONT)}">`,
    extras.title ? `<title>${esc(extras.title)}</title>` : '',
    `<defs>${markerDefs()}</defs>`,
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#ffffff"/>`,
    extras.header ?? '',
    `<g transform="translate(${SCENE_MARGIN},${SCENE_MARGIN + hh})">`,
    body,
    `</g>`,
    `</svg>`,
  ].join('\n');
}

/** Rasterises an SVG document (browser only). Scale 2 gives a crisp PNG on high-DPI screens. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const m = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  const w = m ? Number(m[1]) : 800;
  const h = m ? Number(m[2]) : 600;
  // Canvas size limits: keep both sides under 16k pixels.
  const s = Math.min(scale, 16000 / w, 16000 / h);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG could not be rasterised'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(w * s));
    canvas.height = Math.max(1, Math.round(h * s));
    const ctx = canvas.getContext('2d')!;
    ctx.scale(s, s);
    ctx.drawImage(img, 0, 0, w, h);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
