/** Waits until a supervisor's state matches (it may already), or fails with the last state seen. */
import type { EngineSupervisor } from '../../src-main/engine-client/index.js';
import type { EngineState } from '../../src-main/shared/protocol/index.js';

export function waitForState(
  sup: EngineSupervisor,
  pred: (s: EngineState) => boolean,
  ms: number,
): Promise<EngineState> {
  return new Promise((resolve, reject) => {
    if (pred(sup.state)) return resolve(sup.state);
    const timer = setTimeout(
      () => reject(new Error(`state never matched; last: ${JSON.stringify(sup.state)}`)),
      ms,
    );
    const off = sup.onState((s) => {
      if (!pred(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}
