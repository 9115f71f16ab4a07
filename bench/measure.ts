// Timing with the `benchmark` package: the median of its samples, in milliseconds per call.
import Benchmark from "benchmark";

// Call the function as it is: decompiling it into a generated loop would cut it off from its closure.
(Benchmark as unknown as { support: { decompilation: boolean } }).support.decompilation = false;

export interface Timing {
  /** median milliseconds per call */
  ms: number;
  /** samples taken */
  samples: number;
  /** relative margin of error, percent */
  rme: number;
}

export function measure(name: string, fn: () => void, opts: { maxTime?: number; minSamples?: number } = {}): Timing {
  const bench = new Benchmark(name, fn, { maxTime: opts.maxTime ?? 2, minSamples: opts.minSamples ?? 5, initCount: 1 });
  bench.run({ async: false });
  const b = bench as unknown as { error?: Error; stats: { sample: number[]; rme: number } };
  if (b.error) throw b.error;
  const s = [...b.stats.sample].sort((x, y) => x - y);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { ms: median * 1e3, samples: s.length, rme: b.stats.rme };
}
