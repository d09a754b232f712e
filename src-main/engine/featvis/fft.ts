/**
 * A small FFT for the Fourier image parameterisation: complex 1-D transforms of any length (radix-2
 * Cooley–Tukey for powers of two, Bluestein's chirp-z for the rest, since 224 and 299 are not powers
 * of two), and the real 2-D inverse transform with numpy's `irfftn(..., norm='ortho')` semantics plus
 * its exact adjoint, so gradients flow from the image back to the spectrum in plain JS.
 *
 * Bluestein: L. Bluestein, "A linear filtering approach to the computation of the discrete Fourier
 * transform" (1970); https://en.wikipedia.org/wiki/Chirp_Z-transform#Bluestein's_algorithm
 * Half-spectrum layout and the ignored imaginary parts of the DC and Nyquist bins follow
 * https://numpy.org/doc/stable/reference/generated/numpy.fft.irfftn.html
 */

interface Plan {
  n: number;
  /** Power-of-two size: bit reversal and twiddles. */
  rev?: Uint32Array;
  cos?: Float64Array;
  sin?: Float64Array;
  /** Bluestein: chirp w_k = e^{-iπk²/n}, the padded size m and the FFT of the conjugate chirp filter. */
  m?: number;
  chirpRe?: Float64Array;
  chirpIm?: Float64Array;
  filterRe?: Float64Array;
  filterIm?: Float64Array;
}

const plans = new Map<number, Plan>();
const isPow2 = (n: number) => (n & (n - 1)) === 0;

function pow2Plan(n: number): Plan {
  const bits = Math.log2(n);
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
    rev[i] = r;
  }
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  return { n, rev, cos, sin };
}

/** In-place radix-2 transform, sign −1 (forward) or +1 (inverse, unnormalised). */
function fftPow2(p: Plan, re: Float64Array, im: Float64Array, sign: number): void {
  const { n, rev, cos, sin } = p as Required<Plan>;
  for (let i = 0; i < n; i++) {
    const j = rev[i]!;
    if (j > i) {
      let t = re[i]!;
      re[i] = re[j]!;
      re[j] = t;
      t = im[i]!;
      im[i] = im[j]!;
      im[j] = t;
    }
  }
  // Twiddle outermost, so each is read once per stage and reused across the stage's blocks.
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let k = 0; k < half; k++) {
      const wr = cos[k * step]!;
      const wi = sign * sin[k * step]!;
      for (let a = k; a < n; a += size) {
        const b = a + half;
        const br = re[b]!;
        const bi = im[b]!;
        const xr = br * wr - bi * wi;
        const xi = br * wi + bi * wr;
        const ar = re[a]!;
        const ai = im[a]!;
        re[b] = ar - xr;
        im[b] = ai - xi;
        re[a] = ar + xr;
        im[a] = ai + xi;
      }
    }
  }
}

function bluesteinPlan(n: number): Plan {
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // k² mod 2n keeps the angle small and exact for large k.
    const a = (Math.PI * ((k * k) % (2 * n))) / n;
    chirpRe[k] = Math.cos(a);
    chirpIm[k] = -Math.sin(a);
  }
  const filterRe = new Float64Array(m);
  const filterIm = new Float64Array(m);
  filterRe[0] = chirpRe[0]!;
  filterIm[0] = -chirpIm[0]!;
  for (let k = 1; k < n; k++) {
    filterRe[k] = filterRe[m - k] = chirpRe[k]!;
    filterIm[k] = filterIm[m - k] = -chirpIm[k]!;
  }
  const p: Plan = { n, m, chirpRe, chirpIm, filterRe, filterIm };
  fftPow2(planFor(m), filterRe, filterIm, -1);
  return p;
}

function planFor(n: number): Plan {
  let p = plans.get(n);
  if (!p) {
    p = isPow2(n) ? pow2Plan(n) : bluesteinPlan(n);
    plans.set(n, p);
  }
  return p;
}

/**
 * In-place DFT of length re.length: sign −1 computes Σ x e^{−2πikn/N} (forward), +1 the unnormalised
 * inverse Σ X e^{+2πikn/N}.
 */
export function fft(re: Float64Array, im: Float64Array, sign: -1 | 1 = -1): void {
  const n = re.length;
  if (n <= 1) return;
  const p = planFor(n);
  if (p.rev) return fftPow2(p, re, im, sign);
  // The inverse is the forward transform of the conjugate, conjugated.
  if (sign === 1) for (let i = 0; i < n; i++) im[i] = -im[i]!;
  const m = p.m!;
  const cr = p.chirpRe!;
  const ci = p.chirpIm!;
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    ar[k] = re[k]! * cr[k]! - im[k]! * ci[k]!;
    ai[k] = re[k]! * ci[k]! + im[k]! * cr[k]!;
  }
  const pm = planFor(m);
  fftPow2(pm, ar, ai, -1);
  const fr = p.filterRe!;
  const fi = p.filterIm!;
  for (let k = 0; k < m; k++) {
    const r = ar[k]! * fr[k]! - ai[k]! * fi[k]!;
    ai[k] = ar[k]! * fi[k]! + ai[k]! * fr[k]!;
    ar[k] = r;
  }
  fftPow2(pm, ar, ai, 1);
  for (let k = 0; k < n; k++) {
    const r = ar[k]! / m;
    const i = ai[k]! / m;
    re[k] = r * cr[k]! - i * ci[k]!;
    im[k] = r * ci[k]! + i * cr[k]!;
  }
  if (sign === 1) for (let i = 0; i < n; i++) im[i] = -im[i]!;
}

/** Columns of the half spectrum of a real signal of width w: numpy's rfft length, ⌊w/2⌋ + 1. */
export const halfWidth = (w: number): number => Math.floor(w / 2) + 1;

/**
 * numpy.fft.irfftn(X, s=(h, w), norm='ortho') of one channel. X is the half spectrum [h][wf][re, im]
 * (wf = halfWidth(w)), interleaved; returns the h×w real image, row-major.
 */
export function irfft2(spec: Float32Array | Float64Array, h: number, w: number): Float64Array {
  const wf = halfWidth(w);
  const out = new Float64Array(h * w);
  // Inverse complex transform down each of the wf columns (norm 1/√h).
  const cols = new Float64Array(h * wf * 2);
  const re = new Float64Array(h);
  const im = new Float64Array(h);
  const sh = 1 / Math.sqrt(h);
  for (let k = 0; k < wf; k++) {
    for (let y = 0; y < h; y++) {
      re[y] = spec[(y * wf + k) * 2]!;
      im[y] = spec[(y * wf + k) * 2 + 1]!;
    }
    fft(re, im, 1);
    for (let y = 0; y < h; y++) {
      cols[(y * wf + k) * 2] = re[y]! * sh;
      cols[(y * wf + k) * 2 + 1] = im[y]! * sh;
    }
  }
  // Each row: complex-to-real with Hermitian symmetry (norm 1/√w). Two rows share one complex
  // transform: with Z₁, Z₂ the rows' full spectra, ifft(Z₁ + i·Z₂) = x₁ + i·x₂ as both are real.
  const rr = new Float64Array(w);
  const ri = new Float64Array(w);
  const sw = 1 / Math.sqrt(w);
  const nyq = w % 2 === 0 ? w / 2 : -1;
  for (let y = 0; y < h; y += 2) {
    rr.fill(0);
    ri.fill(0);
    const pair = y + 1 < h;
    for (let k = 0; k < wf; k++) {
      const edge = k === 0 || k === nyq;
      const a1 = cols[(y * wf + k) * 2]!;
      const b1 = edge ? 0 : cols[(y * wf + k) * 2 + 1]!;
      const a2 = pair ? cols[((y + 1) * wf + k) * 2]! : 0;
      const b2 = pair && !edge ? cols[((y + 1) * wf + k) * 2 + 1]! : 0;
      // Z₁ + i·Z₂ at k, and at w − k (where Z is conjugated).
      rr[k] = a1 - b2;
      ri[k] = b1 + a2;
      if (!edge) {
        rr[w - k] = a1 + b2;
        ri[w - k] = -b1 + a2;
      }
    }
    fft(rr, ri, 1);
    for (let x = 0; x < w; x++) {
      out[y * w + x] = rr[x]! * sw;
      if (pair) out[(y + 1) * w + x] = ri[x]! * sw;
    }
  }
  return out;
}

/**
 * The adjoint of irfft2 (as a real-linear map from the interleaved half spectrum to the image): given
 * dL/d(image), returns dL/d(spectrum). The row step's adjoint is c_k/√w · rfft(g)_k with c_k = 2 for
 * bins that stand for two (k and w − k), 1 for DC and Nyquist, whose imaginary parts get 0 (they are
 * ignored going forward); the column step is unitary, so its adjoint is the forward transform /√h.
 */
export function irfft2Adjoint(grad: Float64Array | Float32Array, h: number, w: number): Float64Array {
  const wf = halfWidth(w);
  const nyq = w % 2 === 0 ? w / 2 : -1;
  const rows = new Float64Array(h * wf * 2);
  const rr = new Float64Array(w);
  const ri = new Float64Array(w);
  const sw = 1 / Math.sqrt(w);
  // Two real rows per complex transform: C = fft(g₁ + i·g₂), G₁ = (C_k + conj C_{w−k})/2,
  // G₂ = (C_k − conj C_{w−k})/(2i).
  for (let y = 0; y < h; y += 2) {
    const pair = y + 1 < h;
    for (let x = 0; x < w; x++) {
      rr[x] = grad[y * w + x]!;
      ri[x] = pair ? grad[(y + 1) * w + x]! : 0;
    }
    fft(rr, ri, -1);
    for (let k = 0; k < wf; k++) {
      const edge = k === 0 || k === nyq;
      const c = edge ? sw : 2 * sw;
      const j = (w - k) % w;
      const ar = rr[k]!;
      const ai = ri[k]!;
      const br = rr[j]!;
      const bi = ri[j]!;
      // Forward: Re(Y e^{iθ}) = Re Y cos θ − Im Y sin θ, and Σ g e^{−iθ} has imaginary part −Σ g sin θ.
      rows[(y * wf + k) * 2] = ((ar + br) / 2) * c;
      rows[(y * wf + k) * 2 + 1] = edge ? 0 : ((ai - bi) / 2) * c;
      if (pair) {
        rows[((y + 1) * wf + k) * 2] = ((ai + bi) / 2) * c;
        rows[((y + 1) * wf + k) * 2 + 1] = edge ? 0 : (-(ar - br) / 2) * c;
      }
    }
  }
  const out = new Float64Array(h * wf * 2);
  const re = new Float64Array(h);
  const im = new Float64Array(h);
  const sh = 1 / Math.sqrt(h);
  for (let k = 0; k < wf; k++) {
    for (let y = 0; y < h; y++) {
      re[y] = rows[(y * wf + k) * 2]!;
      im[y] = rows[(y * wf + k) * 2 + 1]!;
    }
    fft(re, im, -1);
    for (let y = 0; y < h; y++) {
      out[(y * wf + k) * 2] = re[y]! * sh;
      out[(y * wf + k) * 2 + 1] = im[y]! * sh;
    }
  }
  return out;
}

/** numpy.fft.rfftn(img, norm='ortho') of one h×w channel: the interleaved half spectrum (for tests and round trips). */
export function rfft2(img: Float64Array | Float32Array, h: number, w: number): Float64Array {
  const wf = halfWidth(w);
  const rows = new Float64Array(h * wf * 2);
  const rr = new Float64Array(w);
  const ri = new Float64Array(w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) rr[x] = img[y * w + x]!;
    ri.fill(0);
    fft(rr, ri, -1);
    for (let k = 0; k < wf; k++) {
      rows[(y * wf + k) * 2] = rr[k]!;
      rows[(y * wf + k) * 2 + 1] = ri[k]!;
    }
  }
  const out = new Float64Array(h * wf * 2);
  const re = new Float64Array(h);
  const im = new Float64Array(h);
  const s = 1 / Math.sqrt(h * w);
  for (let k = 0; k < wf; k++) {
    for (let y = 0; y < h; y++) {
      re[y] = rows[(y * wf + k) * 2]!;
      im[y] = rows[(y * wf + k) * 2 + 1]!;
    }
    fft(re, im, -1);
    for (let y = 0; y < h; y++) {
      out[(y * wf + k) * 2] = re[y]! * s;
      out[(y * wf + k) * 2 + 1] = im[y]! * s;
    }
  }
  return out;
}
