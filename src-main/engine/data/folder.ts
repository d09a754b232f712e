/**
 * The user's image folder: one sub-folder per class, PNG/JPEG inside. Problems are counted, not fatal,
 * unless nothing usable is left; then DataError says what was wrong with counts.
 *
 * The walk reads only inside the chosen folder: a symbolic link (to a class folder or an image) is
 * followed only when its target, resolved, is inside the folder's real path; links that leave it,
 * dangling links, loops, pipes, devices and unreadable entries are skipped with a reason, never read.
 * Each image is opened without blocking, checked to be a regular file on the open handle (so a FIFO
 * cannot stall the engine) and read up to the size it had then, capped. The same rules as
 * engine/fs/safe-file.ts (resolveInside, readRegularFile), in synchronous form: loadData is
 * synchronous for its callers (run manager, CLI).
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  realpathSync,
  type Dirent,
} from 'node:fs';
import { basename, extname, isAbsolute, join, relative, sep } from 'node:path';
import { decodeImage, decodeImageResized } from './image.js';
import { DataError, emptySkips, type ImageSet, type SkipReport } from './types.js';

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg']);
const MAX_EXAMPLES = 5;
/** Larger image files are not read: far beyond any training image, and the read is in memory. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

export interface FolderOptions {
  /** Skip images whose size differs from the most common one instead of resizing them. */
  strictSizes?: boolean;
  /** Store every image at size × size (default: the most common size, longest side capped at 160). */
  size?: number;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException)?.code;

/** Why a path cannot be listed or read, as the end of a sentence. */
function reason(e: unknown): string {
  switch (errno(e)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
    case 'ENOTDIR':
      return 'it no longer exists';
    case 'ELOOP':
      return 'a symbolic link loop';
    case 'EIO':
      return 'the disk reported a read error';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return 'it cannot be read';
  }
}

const isInside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/** An entry of the walk: its real path, or why it is skipped. Plain directories and files need no realpath. */
type Resolved = { path: string; kind: 'dir' | 'file' | 'other' } | { skip: string };

function resolveEntry(root: string, parent: string, e: Dirent): Resolved {
  const path = join(parent, e.name);
  if (!e.isSymbolicLink()) {
    return { path, kind: e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other' };
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch (err) {
    return {
      skip: errno(err) === 'ENOENT' ? 'a symbolic link to nothing' : `a symbolic link: ${reason(err)}`,
    };
  }
  if (!isInside(root, real)) return { skip: 'a symbolic link pointing outside the folder, not read' };
  try {
    const st = lstatSync(real);
    return { path: real, kind: st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other' };
  } catch (err) {
    return { skip: reason(err) };
  }
}

/** The bytes of a regular file, or why not. O_NONBLOCK: opening a FIFO must not wait for a writer. */
function readImageFile(path: string): Buffer | string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (e) {
    return reason(e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return 'not a regular file (a pipe, device or socket), not read';
    if (st.size > MAX_IMAGE_BYTES) return `larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB, not read`;
    const buf = Buffer.alloc(st.size);
    let done = 0;
    while (done < st.size) {
      const n = readSync(fd, buf, done, st.size - done, done);
      if (n === 0) break;
      done += n;
    }
    return done === st.size ? buf : buf.subarray(0, done);
  } catch (e) {
    return reason(e);
  } finally {
    closeSync(fd);
  }
}

function listDir(path: string): Dirent[] {
  return readdirSync(path, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

export function loadFolder(
  dir: string,
  opts: FolderOptions = {},
): { set: ImageSet; skipped: SkipReport; notes: string[] } {
  let root: string;
  let entries: Dirent[];
  try {
    root = realpathSync(dir);
    entries = listDir(root);
  } catch (e) {
    const why =
      errno(e) === 'ENOTDIR' ? 'it is not a folder' : errno(e) === 'ENOENT' ? 'it does not exist' : reason(e);
    throw new DataError(`Cannot open the folder ${dir}: ${why}.`, undefined, {
      kind: 'cannotOpen',
      folder: dir,
    });
  }
  const skipped = emptySkips();
  const note = (s: string) => {
    if (skipped.examples.length < MAX_EXAMPLES) skipped.examples.push(s);
  };
  const classDirs: { name: string; path: string }[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const r = resolveEntry(root, root, e);
    if ('skip' in r) {
      if (e.isSymbolicLink()) note(`${e.name}/: ${r.skip}`);
    } else if (r.kind === 'dir') classDirs.push({ name: e.name, path: r.path });
  }
  if (classDirs.length === 0) {
    throw new DataError(
      `The folder ${dir} has no classes: put one sub-folder per class in it, each holding PNG or JPEG images.`,
      undefined,
      { kind: 'noClasses', folder: dir },
    );
  }
  // Each image is decoded here (so a broken one is a counted skip) but only its file bytes and size are
  // kept; it is decoded again straight to the storage size below, so one full-size image is in memory
  // at a time, never the whole folder at full size (issue 12 item 4).
  const decoded: { bytes: Buffer; width: number; height: number; label: number }[] = [];
  const classNames: string[] = [];
  for (const { name: cls, path: clsPath } of classDirs) {
    const label = classNames.length;
    let kept = 0;
    let files: Dirent[];
    try {
      files = listDir(clsPath).filter((f) => !f.name.startsWith('.'));
    } catch (e) {
      files = [];
      note(`${cls}/: ${reason(e)}`);
    }
    for (const f of files) {
      const image = IMAGE_EXT.has(extname(f.name).toLowerCase());
      const r = resolveEntry(root, clsPath, f);
      if ('skip' in r || r.kind !== 'file') {
        // Refused links are always reported; sub-folders are ignored; other non-files when named like images.
        if ('skip' in r || (image && r.kind === 'other')) {
          skipped.unreadable++;
          note(
            `${cls}/${f.name}: ${'skip' in r ? r.skip : 'not a regular file (a pipe, device or socket), not read'}`,
          );
        }
        continue;
      }
      if (!image) {
        skipped.notImages++;
        continue;
      }
      const bytes = readImageFile(r.path);
      if (typeof bytes === 'string') {
        skipped.unreadable++;
        note(`${cls}/${f.name}: ${bytes}`);
        continue;
      }
      try {
        const { width, height } = decodeImage(bytes);
        decoded.push({ bytes, width, height, label });
        kept++;
      } catch (e) {
        skipped.unreadable++;
        note(`${cls}/${f.name}: ${(e as Error).message}`);
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
    sizes.set(`${d.width}x${d.height}`, (sizes.get(`${d.width}x${d.height}`) ?? 0) + 1);
  const [common] = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0];
  const [cw, ch] = common.split('x').map(Number);
  const cap = 160;
  const scale = Math.min(1, cap / Math.max(cw, ch));
  const outW = opts.size ?? Math.max(1, Math.round(cw * scale));
  const outH = opts.size ?? Math.max(1, Math.round(ch * scale));
  const keep = decoded.filter((d) => {
    const same = d.width === cw && d.height === ch;
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
    pixels.set(decodeImageResized(d.bytes, outH, outW), i * per);
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
