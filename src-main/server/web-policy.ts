/**
 * What a web session may ask of the engine. A browser tab is not the user's file manager: it cannot
 * name files on the machine, so the methods whose params carry a file system path are refused here
 * (the Electron shell keeps them: there the user picked the path in a native dialog). The one path a
 * web session may use is the one weights.upload gave it back, for the files it uploaded itself.
 */
import { isRecord } from '../shared/protocol/errors.js';
import type { ApiError, RequestMessage } from '../shared/protocol/index.js';

/** Each path-taking param of the protocol, as where it sits in the params (see protocol*.ts). */
export function pathParams(method: string, params: unknown): { where: string; path: unknown }[] {
  const p = isRecord(params) ? params : {};
  const found: { where: string; path: unknown }[] = [];
  const add = (where: string, path: unknown) => {
    if (path !== undefined) found.push({ where, path });
  };
  switch (method) {
    case 'image.load':
      add('path', p.path);
      break;
    case 'weights.load':
      if (isRecord(p.source)) add('source.file', p.source.file);
      break;
    case 'train.start':
      add('dataDir', p.dataDir);
      if (isRecord(p.data) && (p.data.kind === 'folder' || p.data.kind === 'cifar10' || 'path' in p.data))
        add('data.path', p.data.path);
      break;
  }
  return found;
}

/** The methods above, for docs and tests. */
export const PATH_METHODS = ['image.load', 'weights.load', 'train.start'] as const;

const WHAT: Record<string, { what: string; kind: 'file' | 'folder' }> = {
  path: { what: 'an image by its path', kind: 'file' },
  'source.file': { what: 'a weights file by its path', kind: 'file' },
  dataDir: { what: 'a data folder of its own choosing', kind: 'folder' },
  'data.path': { what: 'a data set folder by its path', kind: 'folder' },
};

const INSTEAD = {
  file: 'pick or drop the file in the window instead, and it is uploaded',
  folder:
    'train on MNIST or the shapes data here, or use the desktop app or the command line (`inception-explorer train --data <folder>`) for a folder',
};

/**
 * Null if a web session may send this request; otherwise the error to answer it with. `uploaded`
 * holds the paths weights.upload returned to this session.
 */
export function webRequestRefusal(msg: RequestMessage, uploaded: ReadonlySet<string>): ApiError | null {
  for (const { where, path } of pathParams(msg.method, msg.params)) {
    if (where === 'source.file' && typeof path === 'string' && uploaded.has(path)) continue;
    const { what, kind } = WHAT[where] ?? { what: 'a path', kind: 'file' };
    return {
      code: 'path_refused',
      // Says nothing about the path itself: not whether it exists, not what the folder holds.
      message: `In web mode ${msg.method} cannot open ${what}: ${INSTEAD[kind]}.`,
      params: { kind, method: msg.method },
    };
  }
  return null;
}
