// One validator per method: the params schemas (shared/protocol/params-schemas.ts) checked by
// paramsProblem, as the engine's handlers (host/params.ts paramsOf) and the web bridge use them.
import { describe, expect, it } from 'vitest';
import { PARAMS_SCHEMAS } from '../../../src-main/shared/protocol/params-schemas.js';
import { paramsProblem } from '../../../src-main/shared/protocol/schema.js';
import { NETWORK_IDS } from '../../../src-main/shared/spec.js';
import { METHODS } from '../../../src-main/shared/protocol/index.js';
import { EXPLAIN_METHODS } from '../../../src-main/shared/protocol/explain.js';
import { zooHandlers } from '../../../src-main/host/handlers/zoo.js';
import { trainHandlers } from '../../../src-main/host/handlers/train.js';
import { receptiveHandlers } from '../../../src-main/host/handlers/receptive.js';
import { explainHandlers } from '../../../src-main/host/handlers/explain.js';
import { featvisHandlers } from '../../../src-main/host/handlers/featvis.js';
import type { EngineEnv } from '../../../src-main/host/env.js';

const problem = (method: keyof typeof PARAMS_SCHEMAS, params: unknown) =>
  paramsProblem(method, PARAMS_SCHEMAS[method]!, params);

describe('params schemas', () => {
  it('every method has one, so the web bridge refuses misfits for all of them', () => {
    const missing = METHODS.filter((m) => !PARAMS_SCHEMAS[m]);
    expect(missing).toEqual([]);
  });

  it('methods without params may be called bare; the rest refuse a misfit by its field', () => {
    for (const m of ['engine.info', 'zoo.list', 'train.list', 'curves.list', 'weights.catalogue'] as const)
      expect(problem(m, undefined)).toBeNull();
    expect(problem('receptive.field', { node: 'Mixed_5b', y: 3, x: 3, channel: 0 })).toBeNull();
    expect(problem('receptive.field', { node: 'Mixed_5b', y: -1, x: 3, channel: 0 })?.message).toBe(
      'receptive.field: y must be an integer ≥ 0, got -1.',
    );
    expect(problem('explain.attribution', { imageId: 'i1', method: 'lime' })?.message).toBe(
      `explain.attribution: method must be one of ${EXPLAIN_METHODS.join(', ')}.`,
    );
    expect(problem('explain.estimate', { method: 'smoothgrad', options: { samples: 0 } })?.message).toBe(
      'explain.estimate: options.samples must be an integer ≥ 1 ≤ 500, got 0.',
    );
    expect(problem('featvis.render', { node: 'mixed4c', settings: { batch: 9 } })?.message).toBe(
      'featvis.render: settings.batch must be an integer ≥ 1 ≤ 8, got 9.',
    );
    expect(problem('featvis.sheet', { node: 'mixed4c', channels: [0, 1.5] })?.message).toBe(
      'featvis.sheet: channels[1] must be an integer ≥ 0, got 1.5.',
    );
    expect(problem('featvis.dream', { node: 'mixed4c' })?.message).toBe(
      'featvis.dream: imageId is required.',
    );
    expect(problem('curves.export', { runs: ['../x'] })?.message).toBe(
      'curves.export: runs[0] must be a run id.',
    );
    expect(problem('curves.import', { file: 'a.csv', data: 'text' })?.message).toBe(
      'curves.import: data must be binary data.',
    );
    expect(problem('weights.upload', { files: [] })?.message).toBe(
      'weights.upload: files must be a non-empty list.',
    );
    expect(
      problem('weights.upload', { chunk: { name: 'a.bin', offset: 0, data: new Uint8Array(4) } }),
    ).toBeNull();
    const exp = { network: 'googlenet', steps: 10, data: { kind: 'shapes' }, out: '/tmp/p' };
    expect(problem('training.export', exp)).toBeNull();
    expect(problem('training.export', { ...exp, runName: 'a/b' })?.message).toBe(
      "training.export: runName must be 1 to 64 letters, digits, '.', '_' or '-'.",
    );
    expect(problem('paper.table', {})?.message).toBe('paper.table: id is required.');
  });

  it('accept what the renderer sends', () => {
    expect(problem('network.analyse', { id: 'inception_v3', flavour: 'torchvision', input: 299 })).toBeNull();
    expect(
      problem('train.start', {
        runs: [{ variant: { network: 'googlenet', width: 0.25 } }],
        steps: 10,
        data: { kind: 'shapes', seed: 1 },
      }),
    ).toBeNull();
    expect(problem('train.metrics', undefined)).toBeNull(); // all optional: may be called bare
  });

  it('an unknown network is not_found and names the networks there are', () => {
    const e = problem('network.analyse', { id: 'resnet50' });
    expect(e?.code).toBe('not_found');
    expect(e?.message).toContain('"resnet50"');
    for (const id of NETWORK_IDS) expect(e?.message).toContain(id);
  });

  it('says which field is wrong, nested ones by their path', () => {
    expect(problem('network.analyse', { id: 'googlenet', input: 0 })).toEqual({
      code: 'bad_request',
      message: 'network.analyse: input must be an integer ≥ 1 ≤ 4096, got 0.',
    });
    expect(problem('train.start', { runs: [], steps: 1, data: { kind: 'mnist' } })?.message).toBe(
      'train.start: runs must be a non-empty list.',
    );
    expect(
      problem('train.start', { runs: [{ variant: { network: 'vgg' } }], steps: 1, data: { kind: 'mnist' } })
        ?.message,
    ).toMatch(/^train\.start: runs\[0\]\.variant\.network must be one of googlenet, /);
    expect(problem('train.pause', { id: '../../etc' })?.message).toBe('train.pause: id must be a run id.');
    expect(problem('weights.load', { network: { id: 'googlenet' } })?.message).toBe(
      'weights.load: source is required.',
    );
    expect(problem('network.analyse', [1])).toEqual({
      code: 'bad_request',
      message: 'network.analyse: params must be an object.',
    });
  });

  it('the handlers answer with the same sentence (one validator, not a copy per handler)', async () => {
    const analyse = zooHandlers()['network.analyse'];
    const ctx = { id: 1, signal: new AbortController().signal, emit: () => {} } as never;
    expect(() => analyse({ id: 'resnet50' } as never, ctx)).toThrow(
      expect.objectContaining(problem('network.analyse', { id: 'resnet50' })!),
    );
    const env = { backend: new Promise(() => {}) } as unknown as EngineEnv; // never reached
    const defaults = trainHandlers(env)['train.defaults'];
    expect(() => defaults({ network: 'vgg' } as never, ctx)).toThrow(
      expect.objectContaining(problem('train.defaults', { network: 'vgg' })!),
    );
    // The gradient handlers refuse before they touch the session (never reached here).
    const session = {} as never;
    const receptive = receptiveHandlers(env, session)['receptive.field'];
    const bad = { node: 'Mixed_5b', y: 1, x: 1, channel: -1 };
    await expect(receptive(bad as never, ctx)).rejects.toMatchObject(problem('receptive.field', bad)!);
    const explain = explainHandlers(env, session)['explain.estimate'];
    await expect(explain({ method: 'lime' } as never, ctx)).rejects.toMatchObject(
      problem('explain.estimate', { method: 'lime' })!,
    );
    const sheet = featvisHandlers(env, session)['featvis.sheet'];
    await expect(sheet({ node: 'm', columns: 65 } as never, ctx)).rejects.toMatchObject(
      problem('featvis.sheet', { node: 'm', columns: 65 })!,
    );
  });
});
