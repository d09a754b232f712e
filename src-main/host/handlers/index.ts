/**
 * Every method's handler. To add a method: add its entry to MethodMap in protocol.ts, write the
 * handler in one of these files (or a new one), and spread it in here; the compiler checks that
 * no method is left without a handler.
 */
import type { EngineEnv } from '../env.js';
import type { HandlerMap } from '../registry.js';
import { curvesHandlers } from './curves.js';
import { activationHandlers } from './activations.js';
import { debugHandlers } from './debug.js';
import { engineHandlers } from './engine.js';
import { paperHandlers } from './paper.js';
import { trainHandlers } from './train.js';
import { uploadHandlers } from './upload.js';
import { zooHandlers } from './zoo.js';

export function createHandlers(env: EngineEnv): HandlerMap {
  return {
    ...engineHandlers(env),
    ...zooHandlers(),
    ...paperHandlers(),
    ...debugHandlers(),
    ...activationHandlers(env),
    ...trainHandlers(env),
    ...curvesHandlers(),
    ...uploadHandlers(),
  };
}
