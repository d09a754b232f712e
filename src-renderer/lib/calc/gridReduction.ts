/**
 * Lesson 9: shrinking a d×d×k grid to (d/2)×(d/2)×2k, the Rethinking paper §5. The paper counts a
 * conv's cost as positions × input channels × output channels (kernel area left out), so a stride-1
 * conv with 2k filters on d×d costs 2d²k² and the same conv after pooling costs 2(d/2)²k².
 */
export interface GridInput {
  d: number;
  k: number;
}

export interface GridResult {
  /** Conv (stride 1, 2k filters) then pool: 2d²k². */
  convThenPool: number;
  /** Pool then conv: 2(d/2)²k². */
  poolThenConv: number;
  /** convThenPool / poolThenConv, 4 for any d, k. */
  ratio: number;
  /**
   * The parallel solution (Fig 10): a stride-2 conv with k filters beside a stride-2 pool, concatenated
   * to 2k: (d/2)²k², in the same convention. Derived here, the paper prints no such figure.
   */
  parallel: number;
  /** Activations in the input d²k, the pooled bottleneck (d/2)²k, and the target (d/2)²·2k. */
  input: number;
  bottleneck: number;
  target: number;
}

export function gridReduction({ d, k }: GridInput): GridResult {
  const half = d / 2;
  const convThenPool = 2 * d * d * k * k;
  const poolThenConv = 2 * half * half * k * k;
  return {
    convThenPool,
    poolThenConv,
    ratio: convThenPool / poolThenConv,
    parallel: half * half * k * k,
    input: d * d * k,
    bottleneck: half * half * k,
    target: half * half * 2 * k,
  };
}
