/** Lesson 10: the Rethinking/Inception-v4 learning rate, base · decay^⌊epoch / every⌋ (0.045, 0.94, 2). */
export function stepDecayRate(epoch: number, base = 0.045, decay = 0.94, every = 2): number {
  return base * decay ** Math.floor(epoch / every);
}
