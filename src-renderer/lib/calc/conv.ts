/**
 * Cost of one convolution, in the papers' convention: a multiply-add (MAC) per kernel tap, per input
 * channel, per output channel, per output position. Biases and BN are counted separately.
 */
export interface ConvShape {
  /** Output grid height and width. */
  h: number;
  w: number;
  cin: number;
  cout: number;
  kh: number;
  kw: number;
}

/** Weights only (no bias), as the papers count them. */
export function convWeights(c: Pick<ConvShape, 'cin' | 'cout' | 'kh' | 'kw'>): number {
  return c.kh * c.kw * c.cin * c.cout;
}

export function convMacs(c: ConvShape): number {
  return convWeights(c) * c.h * c.w;
}

/** Relative saving of `after` against `before`, as a fraction (0.28 for 28%). */
export function saving(before: number, after: number): number {
  if (before === 0) return 0;
  return 1 - after / before;
}
