// Task variance (docs/spec.md §4.3, §6.11–§6.12): per neuron, the variance across a task's trials at each step, averaged
// over the steps after the fixation period; important neurons (Σ over tasks > 1e-3) and max-normalisation.

/**
 * hidden: states of B trials of one task, layout [T, B, n] (hidden[(t·B + b)·n + i]). Population variance across
 * the B trials at each step t ≥ fromStep, averaged over those steps. Float64 accumulation, two passes.
 */
export function taskVariance(hidden: Float32Array, T: number, B: number, n: number, fromStep: number): Float64Array {
  if (hidden.length !== T * B * n)
    throw new Error(`taskVariance: ${hidden.length} values, expected T·B·n = ${T}·${B}·${n}`);
  if (!Number.isInteger(fromStep) || fromStep < 0)
    throw new Error(`taskVariance: fromStep must be an integer ≥ 0, got ${fromStep}`);
  const tv = new Float64Array(n);
  const steps = T - fromStep;
  if (steps <= 0 || B === 0) return tv;
  const mean = new Float64Array(n);
  for (let t = fromStep; t < T; t++) {
    mean.fill(0);
    for (let b = 0; b < B; b++) {
      const row = (t * B + b) * n;
      for (let i = 0; i < n; i++) mean[i] += hidden[row + i];
    }
    for (let i = 0; i < n; i++) mean[i] /= B;
    for (let b = 0; b < B; b++) {
      const row = (t * B + b) * n;
      for (let i = 0; i < n; i++) {
        const d = hidden[row + i] - mean[i];
        tv[i] += d * d;
      }
    }
  }
  for (let i = 0; i < n; i++) tv[i] /= B * steps;
  return tv;
}

/** Cells whose task variance summed over tasks exceeds the threshold (docs/spec.md §6.12), ascending. */
export function importantNeurons(tv: readonly Float64Array[], threshold = 1e-3): number[] {
  const n = tv[0]?.length ?? 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const row of tv) s += row[i];
    if (s > threshold) out.push(i);
  }
  return out;
}

/** Per important neuron, its TV over tasks divided by its maximum over tasks (rows = neurons, cols = tasks). */
export function maxNormalize(tv: readonly Float64Array[], important: readonly number[]): number[][] {
  return important.map((i) => {
    const v = tv.map((row) => row[i]);
    const max = Math.max(...v);
    return max > 0 ? v.map((x) => x / max) : v.map(() => 0);
  });
}
