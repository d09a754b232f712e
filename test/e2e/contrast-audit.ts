/**
 * A WCAG 2.1 contrast audit of what is on screen (issue #14.16), run in the page. For every visible
 * text run it takes the text's colour from getComputedStyle (`fill` for SVG text), finds what is
 * painted behind the text's centre with elementsFromPoint (HTML backgrounds and SVG shapes' fills,
 * semi-transparent layers composited over what lies under them), and computes the contrast ratio.
 * Normal text needs 4.5:1, large text (≥ 24 px, or ≥ 18.66 px bold) 3:1
 * (https://www.w3.org/TR/WCAG21/#contrast-minimum; luminance and ratio from
 * https://www.w3.org/TR/WCAG21/#dfn-relative-luminance). Disabled controls are exempt, as WCAG says.
 */
import type { Page } from 'playwright-core';

export interface ContrastFailure {
  text: string;
  where: string;
  fg: string;
  bg: string;
  ratio: number;
  needed: number;
}

export interface ContrastReport {
  checked: number;
  failures: ContrastFailure[];
}

/** Runs in the browser: no imports, no closures over Node values. */
function audit(): ContrastReport {
  type RGBA = [number, number, number, number];
  const parse = (c: string): RGBA | undefined => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return undefined;
    const p = m[1]
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top: RGBA, under: RGBA): RGBA => {
    const a = top[3] + under[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i: number) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const lum = ([r, g, b]: RGBA) => {
    const ch = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const ratio = (a: RGBA, b: RGBA) => {
    const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  const css = (c: RGBA) =>
    `rgb(${c.slice(0, 3).map(Math.round).join(',')}${c[3] < 1 ? `,${c[3].toFixed(2)}` : ''})`;
  const opacityOf = (el: Element) => {
    let o = 1;
    for (let e: Element | null = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  /** The paint of one element behind the text, or undefined when it paints nothing there. */
  const paintOf = (el: Element): RGBA | undefined => {
    const s = getComputedStyle(el);
    if (el instanceof SVGElement) {
      if (!['rect', 'path', 'circle', 'ellipse', 'polygon'].includes(el.tagName)) return undefined;
      const f = parse(s.fill);
      if (!f) return undefined;
      f[3] *= Number(s.fillOpacity) * opacityOf(el);
      return f[3] > 0 ? f : undefined;
    }
    const b = parse(s.backgroundColor);
    if (!b || b[3] === 0) return undefined;
    b[3] *= opacityOf(el);
    return b;
  };
  const describe = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && parts.length < 4; e = e.parentElement) {
      const id = e.getAttribute('data-testid');
      const cls = typeof e.className === 'string' ? e.className.split(' ')[0] : '';
      parts.unshift(`${e.tagName.toLowerCase()}${id ? `[${id}]` : cls ? `.${cls}` : ''}`);
    }
    return parts.join(' > ');
  };

  const failures: ContrastFailure[] = [];
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set<Element>();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent ?? '').trim();
    const el = n.parentElement;
    if (!text || !el || seen.has(el)) continue;
    seen.add(el);
    if (el.closest('[disabled], [aria-disabled="true"], option, script, style, title')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const s = getComputedStyle(el);
    if (s.visibility !== 'visible') continue;
    // Covered by something else (a dialog, a sticky header): not what the user reads here.
    const stack = document.elementsFromPoint(x, y);
    const at = stack.indexOf(el);
    if (at < 0) {
      const top = stack[0];
      if (!top || !(el.contains(top) || top.contains(el))) continue;
    }
    const fg = parse(el instanceof SVGElement ? s.fill : s.color);
    if (!fg) continue;
    fg[3] *= opacityOf(el);
    // Composite from the page's white canvas upwards through everything painted behind the text.
    const below = stack.slice(Math.max(at, 0));
    let bg: RGBA = [255, 255, 255, 1];
    const layers: RGBA[] = [];
    for (const e of below) {
      const p = paintOf(e);
      if (!p) continue;
      layers.push(p);
      if (p[3] >= 1) break;
    }
    for (const p of layers.reverse()) bg = over(p, bg);
    const shown = over(fg, bg);
    const size = parseFloat(s.fontSize);
    const bold = Number(s.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const cr = ratio(shown, bg);
    checked++;
    if (cr + 1e-6 < needed)
      failures.push({
        text: text.slice(0, 40),
        where: describe(el),
        fg: css(shown),
        bg: css(bg),
        ratio: Math.round(cr * 100) / 100,
        needed,
      });
  }
  return { checked, failures };
}

export function auditContrast(page: Page): Promise<ContrastReport> {
  return page.evaluate(audit);
}
