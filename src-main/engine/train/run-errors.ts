/**
 * A run that cannot do what was asked: it does not exist, or its state forbids the command. Typed so
 * the host (host/handlers/train.ts) maps it by code, not by the wording of the message.
 */
export type RunErrorCode =
  /** No run with that id in the runs folder. */
  | 'not_found'
  /** pause/stop of a run that is not running in this engine. */
  | 'not_active'
  /** The run already runs here or in another process. */
  | 'already_active'
  /** resume of a run that has done all its steps. */
  | 'finished';

export class RunError extends Error {
  constructor(
    readonly code: RunErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RunError';
  }
}
