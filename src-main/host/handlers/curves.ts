/** curves.*: import of tfevents/CSV files, the stored imports, and CSV export of runs (engine/curves). */
import {
  appRunCurves,
  curvesToCsv,
  importCurves,
  importedRunCurves,
  CurveImportError,
  ImportStore,
} from '../../engine/curves/index.js';
import type { ExportCurve } from '../../engine/curves/types.js';
import { RunStore, runsDir } from '../../engine/train/store.js';
import { ProtocolError } from '../../shared/protocol/index.js';
import { paramsOf } from '../params.js';
import type { Handlers } from '../registry.js';

/** Files larger than this are refused: a scalar event file of a long run is a few MB. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export function curvesHandlers(
  opts: { dataDir?: string } = {},
): Handlers<'curves.import' | 'curves.list' | 'curves.remove' | 'curves.export'> {
  const store = () => new ImportStore(opts.dataDir);
  return {
    'curves.import': async (raw) => {
      const p = paramsOf('curves.import', raw);
      const file = p.file ?? 'imported';
      const d: unknown = p.data;
      const bytes = ArrayBuffer.isView(d)
        ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
        : new Uint8Array(d as ArrayBuffer);
      if (bytes.length > MAX_IMPORT_BYTES)
        throw new ProtocolError('too_large', `${file} is larger than ${MAX_IMPORT_BYTES >> 20} MB.`);
      try {
        const runs = importCurves(file, bytes);
        for (const r of runs) store().save(r);
        return runs;
      } catch (e) {
        if (e instanceof CurveImportError) throw new ProtocolError('bad_file', e.message);
        throw e;
      }
    },
    'curves.list': () => store().list(),
    'curves.remove': async (raw) => {
      store().remove(paramsOf('curves.remove', raw).id);
    },
    'curves.export': async (raw) => {
      const p = paramsOf('curves.export', raw);
      const curves: ExportCurve[] = [];
      const root = runsDir(opts.dataDir);
      for (const id of p.runs ?? []) {
        let s: RunStore;
        try {
          s = RunStore.open(root, id);
        } catch {
          throw new ProtocolError('not_found', `No run ${id} in the data folder.`);
        }
        const h = s.history();
        curves.push(...appRunCurves(s.meta().name, h.steps, h.val));
      }
      for (const id of p.imported ?? []) {
        try {
          curves.push(...importedRunCurves(store().get(id)));
        } catch {
          throw new ProtocolError('not_found', `No imported run ${id}.`);
        }
      }
      const csv = curvesToCsv(curves);
      return { csv, rows: curves.reduce((n, c) => n + c.steps.length, 0) };
    },
  };
}
