/** Lesson 5: the GoogLeNet training loss with its auxiliary heads, L = L_main + w·Σ L_aux. */
export function totalLoss(main: number, aux: readonly number[], weight: number): number {
  return main + weight * aux.reduce((a, b) => a + b, 0);
}

/** Lesson 1: chaining two convs and widening both by c multiplies their joint cost by c². */
export function wideningCost(c: number): number {
  return c * c;
}
