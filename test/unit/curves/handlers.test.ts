import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunStore, runsDir } from '../../../src-main/engine/train/store.js';
import type { RunMeta } from '../../../src-main/engine/train/types.js';
import { curvesHandlers } from '../../../src-main/host/handlers/curves.js';
import { ProtocolError } from '../../../src-main/shared/protocol/index.js';
import { eventFile } from './tfevents-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'curves-h-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const h = curvesHandlers({ dataDir: dir });
const ctx = { id: 1, signal: new AbortController().signal, emit: () => {} };

describe('curves.* handlers', () => {
  it('imports, lists, exports and removes', async () => {
    const bytes = eventFile([{ wallTime: 1, step: 3, values: [{ tag: 'loss', simple: 0.5 }] }]);
    const [run] = await h['curves.import'](
      { file: 'events.out.tfevents.1.host', data: bytes.buffer as ArrayBuffer },
      ctx,
    );
    expect(run.series[0]).toMatchObject({ tag: 'loss', metric: 'train.loss' });
    expect((await h['curves.list'](undefined, ctx)).map((r) => r.id)).toEqual([run.id]);

    // An app run with one logged step, written the way the run store writes it.
    const meta = { id: 'r1', name: 'v3', createdAt: 1, status: 'done' } as RunMeta;
    const s = RunStore.create(runsDir(dir), meta);
    s.append({
      t: 'step',
      step: 1,
      epoch: 0,
      time: 2000,
      wall: 1,
      lr: 0.1,
      loss: 2,
      main: 2,
      aux: {},
      top1: 1,
      gradNorm: 1,
      imagesPerSec: 1,
      eta: 0,
    });
    const out = await h['curves.export']({ runs: ['r1'], imported: [run.id] }, ctx);
    expect(out.csv.split('\n')).toContain('v3,app,train.loss,1,0,2,2');
    expect(out.csv.split('\n')).toContain('host,imported,train.loss,3,,1,0.5');
    expect(out.csv.split('\n')).toContain('v3,app,train.main,1,0,2,2');
    expect(out.rows).toBe(5); // main loss, total loss, top1, lr of the app run + one imported point

    await h['curves.remove']({ id: run.id }, ctx);
    expect(await h['curves.list'](undefined, ctx)).toEqual([]);
  });

  it('answers bad files with a structured error', async () => {
    await expect(
      h['curves.import']({ file: 'x.csv', data: new TextEncoder().encode('nothing here') }, ctx),
    ).rejects.toMatchObject({
      code: 'bad_file',
    });
    await expect(h['curves.export']({ runs: ['../x'] }, ctx)).rejects.toBeInstanceOf(ProtocolError);
  });
});
