// Frame quality, as pure functions over grey pixels: the capture page's live guidance and its
// auto-capture decide on these, on a downscaled frame, many times a second.

/** Luma (BT.601) of RGBA pixels as a Float32Array. */
export function grey(rgba, width, height) {
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < out.length; i += 1, p += 4) {
    out[i] = 0.299 * rgba[p] + 0.587 * rgba[p + 1] + 0.114 * rgba[p + 2];
  }
  return out;
}

/**
 * What a frame's guide region shows: `sharpness` (the variance of the 4-neighbour Laplacian),
 * `glare` (the share of saturated pixels, luma ≥ 250), `brightness` (mean luma) and `motion`
 * (mean absolute difference from the previous frame's region, when given).
 */
export function measure(luma, width, height, region, previous) {
  const { x, y, w, h } = region;
  let sum = 0;
  let saturated = 0;
  let lapSum = 0;
  let lapSquares = 0;
  let lapCount = 0;
  let difference = 0;
  for (let row = y; row < y + h; row += 1) {
    for (let col = x; col < x + w; col += 1) {
      const i = row * width + col;
      const v = luma[i];
      sum += v;
      if (v >= 250) saturated += 1;
      if (previous) difference += Math.abs(v - previous[i]);
      if (row > 0 && row < height - 1 && col > 0 && col < width - 1) {
        const lap = luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - 4 * v;
        lapSum += lap;
        lapSquares += lap * lap;
        lapCount += 1;
      }
    }
  }
  const n = Math.max(1, w * h);
  const mean = lapCount ? lapSum / lapCount : 0;
  return {
    sharpness: lapCount ? lapSquares / lapCount - mean * mean : 0,
    glare: saturated / n,
    brightness: sum / n,
    motion: previous ? difference / n : 0,
  };
}

/** The limits a frame must keep, per kind of shot. */
export const LIMITS = {
  // On a frame 320 px wide: a sharp data page measures 800 and more inside its guide, one blurred
  // by a shaking hand or out of focus under 400 (Tests/support/capture_clips.py's real pages).
  selfie: { sharpness: 60, glare: 0.05, dark: 45, bright: 220, motion: 6 },
  document: { sharpness: 450, glare: 0.01, dark: 45, bright: 225, motion: 4 },
};

/** The first thing wrong with a frame (a catalog key), or null when it is good. */
export function verdict(metrics, limits) {
  if (metrics.brightness < limits.dark) return "tooDark";
  if (metrics.brightness > limits.bright) return "tooBright";
  if (metrics.glare > limits.glare) return "glare";
  if (metrics.motion > limits.motion) return "holdStill";
  if (metrics.sharpness < limits.sharpness) return "blurry";
  return null;
}

/** Good frames in a row: auto-capture fires when `needed` follow one another. */
export class Streak {
  constructor(needed) {
    this.needed = needed;
    this.count = 0;
  }

  /** Counts a frame; true when this one completes the streak. */
  push(good) {
    this.count = good ? this.count + 1 : 0;
    return this.count >= this.needed;
  }
}
