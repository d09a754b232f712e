/**
 * training.export (the Training view's "Export training project") and curves.watch (a run folder drawn
 * live beside the app's runs). Both take a folder the user typed or picked; nothing outside it is read
 * or written, and messages name only that folder.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { DataError, type DataSource } from '../../engine/data/index.js';
import { exportTrainingProject, type ProjectData } from '../../engine/export-training/project.js';
import type { TrainingExportParams, TrainingExportResult } from '../../engine/export-training/types.js';
import { watchRunFolder, WatchError } from '../../engine/export-training/watch.js';
import { WeightsError } from '../../engine/weights/types.js';
import { ProtocolError } from '../../shared/protocol/index.js';
import { paramsOf } from '../params.js';
import type { Handlers } from '../registry.js';

/** The schema says "a string"; a folder must also be absolute (the app never resolves a relative one). */
function folderParam(folder: string, key: string, method: string): string {
  if (!isAbsolute(folder) || folder.includes('\0'))
    throw new ProtocolError('bad_request', `${method}: ${key} must be an absolute folder path.`);
  return folder;
}

function exportParams(raw: unknown): TrainingExportParams {
  const p = paramsOf('training.export', raw);
  folderParam(p.out, 'out', 'training.export');
  return p;
}

export function exportTrainingHandlers(): Handlers<'training.export' | 'curves.watch'> {
  return {
    'training.export': async (raw): Promise<TrainingExportResult> => {
      const p = exportParams(raw);
      const out = p.out;
      if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0))
        throw new ProtocolError(
          'bad_request',
          'The project folder must be new or empty, so the export overwrites nothing; choose another folder.',
        );
      const data: ProjectData =
        p.data.kind === 'imagefolder'
          ? { kind: 'imagefolder', root: p.data.root }
          : { kind: 'app', source: p.data as DataSource, maxTrain: p.maxTrain, maxVal: p.maxVal };
      try {
        await mkdir(out, { recursive: true });
        const r = await exportTrainingProject(out, {
          network: p.network,
          flavour: p.flavour,
          width: p.width,
          input: p.input,
          classes: p.classes,
          recipe: p.recipe,
          data,
          steps: p.steps,
          seed: p.seed,
          runName: p.runName,
        });
        return {
          dir: r.dir,
          files: r.files,
          title: r.title,
          flavour: r.flavour,
          params: r.params,
          paramsWithAux: r.paramsWithAux,
          table: r.table,
          trainImages: r.trainImages,
          valImages: r.valImages,
          command: 'torchrun --standalone --nproc_per_node=2 train.py',
        };
      } catch (e) {
        if (e instanceof DataError) throw new ProtocolError('bad_data', e.message, undefined, e.params);
        if (e instanceof WeightsError) throw new ProtocolError('bad_request', e.message);
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC' || code === 'EROFS')
          throw new ProtocolError(
            'storage',
            `The project folder cannot be written (${code}); choose a writable folder with free space.`,
          );
        throw e;
      }
    },
    'curves.watch': async (raw, ctx) => {
      const { folder, intervalMs } = paramsOf('curves.watch', raw);
      folderParam(folder, 'folder', 'curves.watch');
      try {
        await watchRunFolder(folder, {
          signal: ctx.signal,
          intervalMs,
          onRun: (run) => ctx.emit({ kind: 'run', run }),
          onNote: (note) => ctx.emit({ kind: 'note', note }),
        });
      } catch (e) {
        if (e instanceof WatchError) throw new ProtocolError('not_found', e.message);
        throw e;
      }
    },
  };
}
