/**
 * Lucid's diversity term (lucid/optvis/objectives.py `diversity`): per batch item the Gram matrix
 * G_b = F_bᵀ F_b of the node's values F_b (positions × channels), L2-normalised as a whole, and the
 * summed cosine similarity between different items, Σ_{i≠j} ⟨Ĝ_i, Ĝ_j⟩ / B. Lucid's objective is its
 * negative; here `similarity` returns the positive value and its gradient, and the optimiser
 * subtracts weight × similarity. Gradient by the chain rule: ∂/∂Ĝ_i = 2/B · Σ_{j≠i} Ĝ_j; through the
 * normalisation (P − Ĝ⟨Ĝ, P⟩)/‖G‖; through the Gram, ∂/∂F = 2 F P (P symmetric).
 */
export interface Similarity {
  value: number;
  /** d value / d node values, the node's layout (batch × positions × channels). */
  grad: Float32Array;
}

export function gramSimilarity(values: Float32Array, batch: number, channels: number): Similarity {
  const positions = values.length / batch / channels;
  const cc = channels * channels;
  const grams: Float64Array[] = [];
  const norms: number[] = [];
  for (let b = 0; b < batch; b++) {
    const g = new Float64Array(cc);
    const base = b * positions * channels;
    for (let p = 0; p < positions; p++) {
      const o = base + p * channels;
      for (let i = 0; i < channels; i++) {
        const fi = values[o + i]!;
        if (fi === 0) continue;
        for (let j = 0; j < channels; j++) g[i * channels + j] = g[i * channels + j]! + fi * values[o + j]!;
      }
    }
    // tf.nn.l2_normalize: x / sqrt(max(Σx², ε)) with ε = 1e-10.
    const n = Math.sqrt(
      Math.max(
        g.reduce((s, x) => s + x * x, 0),
        1e-10,
      ),
    );
    for (let k = 0; k < cc; k++) g[k] = g[k]! / n;
    grams.push(g);
    norms.push(n);
  }
  const sum = new Float64Array(cc);
  for (const g of grams) for (let k = 0; k < cc; k++) sum[k] = sum[k]! + g[k]!;
  let value = 0;
  for (const g of grams) for (let k = 0; k < cc; k++) value += g[k]! * (sum[k]! - g[k]!);
  value /= batch;

  const grad = new Float32Array(values.length);
  for (let b = 0; b < batch; b++) {
    const g = grams[b]!;
    const q = new Float64Array(cc);
    let dot = 0;
    for (let k = 0; k < cc; k++) {
      q[k] = (2 / batch) * (sum[k]! - g[k]!);
      dot += q[k]! * g[k]!;
    }
    // P = ∂/∂G (symmetric), then ∂/∂F = 2 F P.
    const P = new Float64Array(cc);
    for (let k = 0; k < cc; k++) P[k] = (q[k]! - g[k]! * dot) / norms[b]!;
    const base = b * positions * channels;
    for (let p = 0; p < positions; p++) {
      const o = base + p * channels;
      for (let j = 0; j < channels; j++) {
        let acc = 0;
        for (let i = 0; i < channels; i++) acc += values[o + i]! * P[i * channels + j]!;
        grad[o + j] = 2 * acc;
      }
    }
  }
  return { value, grad };
}
