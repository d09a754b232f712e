// One validator per method: the params schemas (shared/protocol/params-schemas.ts) checked by
// paramsProblem, as the engine's handlers (host/params.ts paramsOf) and the web bridge use them.
import { describe, expect, it } from 'vitest';
import { PARAMS_SCHEMAS } from '../../../src-main/shared/protocol/params-schemas.js';
import { paramsProblem } from '../../../src-main/shared/protocol/schema.js';
import { NETWORK_IDS } from '../../../src-main/shared/spec.js';
import { zooHandlers } from '../../../src-main/host/handlers/zoo.js';
import { trainHandlers } from '../../../src-main/host/handlers/train.js';
import type { EngineEnv } from '../../../src-main/host/env.js';

const problem = (method: keyof typeof PARAMS_SCHEMAS, params: unknown) =>
  paramsProblem(method, PARAMS_SCHEMAS[method]!, params);

describe('params schemas', () => {
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
  });
});
