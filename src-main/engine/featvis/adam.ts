/**
 * Adam (Kingma & Ba 2015, https://arxiv.org/abs/1412.6980, Algorithm 1) in place on a Float32Array,
 * ascending (feature visualisation maximises its objective). Defaults are TensorFlow's AdamOptimizer
 * (β1 0.9, β2 0.999, ε 1e-8), which Lucid's render_vis uses with learning rate 0.05.
 */
export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    size: number,
    private readonly lr = 0.05,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** params += lr · m̂ / (√v̂ + ε) for the gradient of the objective to maximise. */
  ascend(params: Float32Array, grad: Float32Array): void {
    this.t++;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let i = 0; i < params.length; i++) {
      const g = grad[i]!;
      const m = (this.m[i] = b1 * this.m[i]! + (1 - b1) * g);
      const v = (this.v[i] = b2 * this.v[i]! + (1 - b2) * g * g);
      params[i] = params[i]! + (this.lr * (m / c1)) / (Math.sqrt(v / c2) + this.eps);
    }
  }
}
