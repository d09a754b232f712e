/** The WeightsError a load or read ends in; fails the test when it succeeds or throws anything else. */
import { expect } from 'vitest';
import { WeightsError } from '../../src-main/engine/weights/types.js';

export async function refusal(p: Promise<unknown>): Promise<WeightsError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WeightsError);
    return e as WeightsError;
  }
  throw new Error('the load succeeded but should have been refused');
}
