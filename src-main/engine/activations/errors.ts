/**
 * The activation session's own refusal: an image that could not be read, decoded or preprocessed.
 * The engine knows nothing of the protocol; host/handlers/activations.ts turns this into the
 * 'bad_image' error the UI words in the user's language.
 */
export class BadImageError extends Error {
  constructor(
    /** The file's name as the user chose it (never a path), or 'the image'. */
    readonly file: string,
    /** The decoder's or the file reader's one-line reason. */
    readonly reason: string,
    /** ImageError's code as `kind` and its values, for translations. */
    readonly params: Record<string, string | number>,
    message: string,
  ) {
    super(message);
    this.name = 'BadImageError';
  }
}
