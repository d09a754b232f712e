/**
 * The user's image folder: one sub-folder per class, PNG/JPEG inside. Problems are counted, not fatal,
 * unless nothing usable is left; then DataError says what was wrong with counts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { decodeImage, resizeRgb, type RgbImage } from './image.js';
import { DataError, emptySkips, type ImageSet, type SkipReport } from './types.js';

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg']);
const MAX_EXAMPLES = 5;

export interface FolderOptions {
  /** Skip images whose size differs from the most common one instead of resizing them. */
  strictSizes?: boolean;
  /** Store every image at size × size (default: the most common size, longest side capped at 160). */
  size?: number;
}

export function loadFolder(
  dir: string,
  opts: FolderOptions = {},
): { set: ImageSet; skipped: SkipReport; notes: string[] } {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (e) {
    throw new DataError(`Cannot open the folder ${dir}: ${(e as Error).message}`, undefined, {
      kind: 'cannotOpen',
      folder: dir,
    });
  }
  const classDirs = entries.filter((e) => !e.startsWith('.') && statSync(join(dir, e)).isDirectory());
  if (classDirs.length === 0) {
    throw new DataError(
      `The folder ${dir} has no classes: put one sub-folder per class in it, each holding PNG or JPEG images.`,
      undefined,
      { kind: 'noClasses', folder: dir },
    );
  }
  const skipped = emptySkips();
  const note = (s: string) => {
    if (skipped.examples.length < MAX_EXAMPLES) skipped.examples.push(s);
  };
  const decoded: { img: RgbImage; label: number }[] = [];
  const classNames: string[] = [];
  for (const cls of classDirs) {
    const files = readdirSync(join(dir, cls))
      .filter((f) => !f.startsWith('.'))
      .sort();
    const label = classNames.length;
    let kept = 0;
    for (const f of files) {
      const path = join(dir, cls, f);
      if (!statSync(path).isFile()) continue;
      if (!IMAGE_EXT.has(extname(f).toLowerCase())) {
        skipped.notImages++;
        continue;
      }
      try {
        decoded.push({ img: decodeImage(readFileSync(path)), label });
        kept++;
      } catch (e) {
        skipped.unreadable++;
        note(`${cls}/${f}: ${(e as Error).message}`);
      }
    }
    if (kept === 0) skipped.emptyClasses.push(cls);
    else classNames.push(cls);
  }
  // Labels are contiguous: a class's label is the number of classes kept before it.
  if (classNames.length < 2) {
    throw new DataError(
      `${describeFolderProblem(dir, classNames.length, skipped)} Training needs at least two classes with readable images.`,
      skipped,
      { kind: 'fewClasses', folder: dir, classes: classNames.length, ...skipCounts(skipped) },
    );
  }
  // The most common size decides the storage size.
  const sizes = new Map<string, number>();
  for (const d of decoded)
    sizes.set(`${d.img.width}x${d.img.height}`, (sizes.get(`${d.img.width}x${d.img.height}`) ?? 0) + 1);
  const [common] = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0];
  const [cw, ch] = common.split('x').map(Number);
  const cap = 160;
  const scale = Math.min(1, cap / Math.max(cw, ch));
  const outW = opts.size ?? Math.max(1, Math.round(cw * scale));
  const outH = opts.size ?? Math.max(1, Math.round(ch * scale));
  const keep = decoded.filter((d) => {
    const same = d.img.width === cw && d.img.height === ch;
    if (!same) skipped.otherSize++;
    return same || !opts.strictSizes;
  });
  skipped.otherSizeSkipped = !!opts.strictSizes;
  if (keep.length === 0)
    throw new DataError(`No usable images in ${dir}.`, skipped, {
      kind: 'noImages',
      folder: dir,
      ...skipCounts(skipped),
    });
  const per = outH * outW * 3;
  const pixels = new Uint8Array(keep.length * per);
  const labels = new Int32Array(keep.length);
  keep.forEach((d, i) => {
    pixels.set(resizeRgb(d.img, outH, outW), i * per);
    labels[i] = d.label;
  });
  const notes = [
    `${keep.length} images in ${classNames.length} classes from ${basename(dir)}, stored at ${outW}×${outH}.`,
  ];
  const problem = skipMessage(skipped, `${cw}×${ch}`);
  if (problem) notes.push(problem);
  return {
    set: { classNames, height: outH, width: outW, channels: 3, count: keep.length, pixels, labels },
    skipped,
    notes,
  };
}

/** The skip counts as message parameters. */
function skipCounts(s: SkipReport): Record<string, number> {
  return { notImages: s.notImages, unreadable: s.unreadable, emptyClasses: s.emptyClasses.length };
}

function describeFolderProblem(dir: string, classes: number, s: SkipReport): string {
  const parts = [`The folder ${dir} has ${classes} usable class${classes === 1 ? '' : 'es'}.`];
  const m = skipMessage(s);
  if (m) parts.push(m);
  return parts.join(' ');
}

/** One sentence listing every kind of skip with its count, or '' when nothing was skipped. */
export function skipMessage(s: SkipReport, commonSize?: string): string {
  const parts: string[] = [];
  if (s.unreadable) parts.push(`${s.unreadable} unreadable image${s.unreadable === 1 ? '' : 's'} skipped`);
  if (s.notImages) parts.push(`${s.notImages} non-image file${s.notImages === 1 ? '' : 's'} ignored`);
  if (s.emptyClasses.length)
    parts.push(
      `${s.emptyClasses.length} class folder(s) without readable images dropped (${s.emptyClasses.join(', ')})`,
    );
  if (s.otherSize)
    parts.push(
      `${s.otherSize} image(s) of another size than ${commonSize ?? 'the most common one'} ${s.otherSizeSkipped ? 'skipped' : 'resized'}`,
    );
  if (s.badLabels) parts.push(`${s.badLabels} record(s) with an out-of-range label skipped`);
  if (parts.length === 0) return '';
  const ex = s.examples.length ? ` Examples: ${s.examples.join('; ')}.` : '';
  return `${parts.join('; ')}.${ex}`;
}
