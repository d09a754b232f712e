/**
 * Every method's handler. To add a method: add its entry to MethodMap in shared/protocol, write the
 * handler in one of these files (or a new one), and spread it in here; the compiler checks that
 * no method is left without a handler.
 */
import { ActivationSession } from '../../engine/activations/session.js';
import type { EngineEnv } from '../env.js';
import type { HandlerMap } from '../registry.js';
import { curvesHandlers } from './curves.js';
import { activationHandlers } from './activations.js';
import { debugHandlers } from './debug.js';
import { engineHandlers } from './engine.js';
import { exportTrainingHandlers } from './export-training.js';
import { explainHandlers } from './explain.js';
import { featvisHandlers } from './featvis.js';
import { onnxHandlers } from './onnx.js';
import { paperHandlers } from './paper.js';
import { receptiveHandlers } from './receptive.js';
import { trainHandlers } from './train.js';
import { uploadHandlers } from './upload.js';
import { zooHandlers } from './zoo.js';

export function createHandlers(env: EngineEnv): HandlerMap {
  // Images and weights held for the activation pass; ONNX export reads the weights by their id.
  const session = new ActivationSession(env.inference);
  return {
    ...engineHandlers(env),
    ...zooHandlers(),
    ...paperHandlers(),
    ...debugHandlers(),
    ...activationHandlers(env, session),
    ...onnxHandlers(session),
    ...receptiveHandlers(env, session),
    ...explainHandlers(env, session),
    ...featvisHandlers(env, session),
    ...trainHandlers(env),
    ...curvesHandlers(),
    ...exportTrainingHandlers(),
    ...uploadHandlers(),
  };
}
