export { EngineSupervisor, describeExit } from './supervisor.js';
export type { EngineProcess, Session, SpawnEngine, SupervisorOptions } from './supervisor.js';
export { forkEngine, engineEntry } from './fork.js';
export type { ForkOptions } from './fork.js';
