/** Feature visualisation's and DeepDream's own errors; the host handler words them for the protocol. */
export type FeatvisErrorCode = 'bad_request' | 'unsupported' | 'cancelled' | 'not_found';

export class FeatvisError extends Error {
  constructor(
    readonly code: FeatvisErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FeatvisError';
  }
}

export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new FeatvisError('cancelled', 'The picture was cancelled before it finished.');
}
