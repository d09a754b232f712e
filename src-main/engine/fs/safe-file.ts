/**
 * The one place where a name that came from a file or a URL (a TF.js shard, a cache entry, a dataset
 * image) becomes a path, and where such a path is read. A name may only point inside its folder, and
 * only regular files are read, never more bytes than the caller expects: a FIFO would block the engine,
 * /dev/zero would grow memory without end, and `../` would read the user's other files.
 *
 * Messages never carry the resolved path or a size of a file outside the folder, so an error cannot
 * be used to probe the disk.
 */
import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

export type FileAccessCode = 'outside' | 'not_regular' | 'too_large' | 'not_found' | 'unreadable';

export class FileAccessError extends Error {
  constructor(
    readonly code: FileAccessCode,
    message: string,
  ) {
    super(message);
    this.name = 'FileAccessError';
  }
}

/** The shapes of a name that cannot stay in its folder, whatever the folder holds. */
function unsafeName(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name.includes('\0')) return 'contains a NUL byte';
  if (name.includes('\\')) return 'contains a backslash';
  if (isAbsolute(name) || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if (name.split('/').some((part) => part === '..')) return "contains '..'";
  return undefined;
}

const isInside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/**
 * `root/name`, refused unless it stays inside `root` once symlinks are resolved. The name is used as
 * written (no percent-decoding: callers that got it from a URL decide that). A name that does not
 * exist yet (a file about to be written) is checked through its nearest existing parent.
 */
export async function resolveInside(root: string, name: string): Promise<string> {
  const why = unsafeName(name);
  if (why)
    throw new FileAccessError(
      'outside',
      `The name "${printable(name)}" ${why}; it must name a file inside its folder.`,
    );
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    throw new FileAccessError('not_found', 'The folder does not exist or cannot be read.');
  }
  const joined = join(realRoot, name);
  if (!isInside(realRoot, joined)) throw outside(name);
  // Resolve the longest existing prefix: a symlink anywhere on the way may point elsewhere.
  let probe = joined;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = await realpath(probe);
      const full = rest.length ? join(real, ...rest.reverse()) : real;
      if (!isInside(realRoot, full)) throw outside(name);
      return full;
    } catch (e) {
      if (e instanceof FileAccessError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP')
        throw new FileAccessError('unreadable', `"${printable(name)}" is a symbolic link loop.`);
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        throw new FileAccessError('unreadable', `"${printable(name)}" cannot be read.`);
      if (probe === realRoot)
        throw new FileAccessError('not_found', 'The folder does not exist or cannot be read.');
      rest.push(probe.slice(probe.lastIndexOf(sep) + 1));
      probe = probe.slice(0, probe.lastIndexOf(sep)) || sep;
    }
  }
}

const outside = (name: string) =>
  new FileAccessError('outside', `"${printable(name)}" points outside its folder, so it is not read.`);

/** Names from hostile files may hold control characters; keep messages one readable line. */
const printable = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  (s.length > 120 ? `${s.slice(0, 117)}…` : s).replace(/[\u0000-\u001f\u007f]/g, '?');

export interface ReadLimits {
  /** Refuse larger files: the size a format declares, or a cap for the kind of file. */
  maxBytes: number;
  /** What the file is, for messages ("shard group1-shard1of2.bin"); defaults to "the file". */
  label?: string;
}

/**
 * Opens a regular file for reading. O_NONBLOCK keeps a FIFO from blocking the open itself; the
 * fstat on the handle (not the path) closes the gap between checking and reading.
 */
export async function openRegularFile(
  path: string,
  limits: ReadLimits,
): Promise<{ handle: FileHandle; size: number }> {
  const label = limits.label ?? 'the file';
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new FileAccessError('not_found', `${cap(label)} does not exist.`);
    if (code === 'ELOOP') throw new FileAccessError('unreadable', `${cap(label)} is a symbolic link loop.`);
    if (code === 'EISDIR') throw new FileAccessError('not_regular', `${cap(label)} is a folder, not a file.`);
    throw new FileAccessError('unreadable', `${cap(label)} cannot be read (${code ?? 'error'}).`);
  }
  try {
    const s = await handle.stat();
    if (!s.isFile())
      throw new FileAccessError(
        'not_regular',
        `${cap(label)} is not a regular file (a device, pipe or folder), so it is not read.`,
      );
    if (s.size > limits.maxBytes)
      throw new FileAccessError(
        'too_large',
        `${cap(label)} is larger than expected (at most ${limits.maxBytes} bytes).`,
      );
    return { handle, size: s.size };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** The whole of a regular file, never more than the size it had when opened. */
export async function readRegularFile(path: string, limits: ReadLimits): Promise<Buffer> {
  const { handle, size } = await openRegularFile(path, limits);
  try {
    const buf = Buffer.alloc(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await handle.read(buf, done, size - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === size ? buf : buf.subarray(0, done);
  } catch (e) {
    if (e instanceof FileAccessError) throw e;
    throw new FileAccessError(
      'unreadable',
      `${cap(limits.label ?? 'the file')} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  } finally {
    await handle.close();
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
