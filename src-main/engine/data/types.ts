/** Decoded image collections and how a run names its data. Pixels stay uint8 HWC until a batch is built. */

export interface ImageSet {
  classNames: string[];
  height: number;
  width: number;
  channels: number;
  count: number;
  /** count × height × width × channels, 0..255, HWC per image. */
  pixels: Uint8Array;
  labels: Int32Array;
}

/** What a loader left out and why, so a bad folder gets a clear message with counts. */
export interface SkipReport {
  /** Files that are not images (by extension) and were ignored. */
  notImages: number;
  /** Images that failed to decode. */
  unreadable: number;
  /** Images whose size differed from the most common size (resized, or skipped in strict mode). */
  otherSize: number;
  /** Whether otherSize images were skipped (strict) or resized. */
  otherSizeSkipped: boolean;
  /** Class folders dropped because no image in them could be read. */
  emptyClasses: string[];
  /** Records with an out-of-range label (CIFAR). */
  badLabels: number;
  /** A few example file names per problem, for the message. */
  examples: string[];
}

export const emptySkips = (): SkipReport => ({
  notImages: 0,
  unreadable: 0,
  otherSize: 0,
  otherSizeSkipped: false,
  emptyClasses: [],
  badLabels: 0,
  examples: [],
});

export type DataSource =
  | { kind: 'mnist'; /** images per digit (the package ships about 1000 each) */ perClass?: number }
  | {
      kind: 'shapes';
      seed: number;
      count?: number;
      size?: number;
      task?: 'shape+texture' | 'shape';
      /** 'clean' (default) or 'nuisances' (rotation, distractors, noise: much harder). */
      level?: 'clean' | 'nuisances';
    }
  | {
      kind: 'folder';
      path: string;
      strictSizes?: boolean;
      /** decode-time resize target (square) */ size?: number;
    }
  | { kind: 'cifar10'; path: string };

export interface LoadedData {
  /** Short name for logs and the UI, e.g. 'mnist', 'shapes(seed 1)', 'folder:flowers'. */
  name: string;
  source: DataSource;
  train: ImageSet;
  /** A validation set the source defines itself (CIFAR's test_batch); otherwise the pipeline splits train. */
  val: ImageSet | null;
  skipped: SkipReport;
  /** Human-readable notes about what was loaded and skipped. */
  notes: string[];
}

/** Thrown for data that cannot be used at all; the message is meant for the user as it stands. */
export class DataError extends Error {
  constructor(
    message: string,
    readonly skipped?: SkipReport,
    /** The message's values by name, for the UI's translations (ApiError.params). */
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

/** Concatenate image sets of equal geometry. */
export function concatSets(sets: ImageSet[]): ImageSet {
  const [a] = sets;
  const per = a.height * a.width * a.channels;
  const count = sets.reduce((n, s) => n + s.count, 0);
  const pixels = new Uint8Array(count * per);
  const labels = new Int32Array(count);
  let at = 0;
  for (const s of sets) {
    pixels.set(s.pixels.subarray(0, s.count * per), at * per);
    labels.set(s.labels.subarray(0, s.count), at);
    at += s.count;
  }
  return { ...a, count, pixels, labels };
}

/** The images at `idx`, as a new set. */
export function subset(s: ImageSet, idx: ArrayLike<number>): ImageSet {
  const per = s.height * s.width * s.channels;
  const pixels = new Uint8Array(idx.length * per);
  const labels = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const j = idx[i];
    pixels.set(s.pixels.subarray(j * per, (j + 1) * per), i * per);
    labels[i] = s.labels[j];
  }
  return { ...s, count: idx.length, pixels, labels };
}
