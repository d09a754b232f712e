/**
 * Why an image was not decoded. The code lets the UI word it in the user's language; the message is
 * one English sentence saying what, why and what to do, and never names a path.
 */
export type ImageErrorCode =
  /** Not a PNG, JPEG or WebP (or GIF, which is recognised only to be refused). */
  | 'format'
  /** The header or the data is corrupt or truncated. */
  | 'damaged'
  /** The header declares more pixels than the limit (a decompression bomb, or just too big). */
  | 'too_large'
  /** Animated WebP whose first frame is missing (the first frame is what the app shows). */
  | 'animated'
  /** The decoder ran past its time or memory budget and was stopped. */
  | 'timeout';

export class ImageError extends Error {
  constructor(
    readonly code: ImageErrorCode,
    message: string,
    /** Values of the message, for translations (e.g. width, height, limit). */
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'ImageError';
  }
}
