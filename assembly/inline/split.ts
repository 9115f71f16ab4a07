// Fixed partitions of work among threads: thread tid of nth gets [partBegin(tid), partBegin(tid + 1)), cut at
// multiples of `unit`, so the cut points depend only on (total, unit, nth) and tile boundaries stay aligned.

@inline export function partBegin(total: i32, unit: i32, tid: i32, nth: i32): i32 {
  const units = (total + unit - 1) / unit;
  return min(total, (units * tid / nth) * unit);
}
