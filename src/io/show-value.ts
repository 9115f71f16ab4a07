// How a value appears in an error message: short JSON-like text, never throws (shared by every typed error that
// quotes the offending value).

/** `missing` for undefined, the number for non-finite ones, `a function`, else JSON (shortened to 80 characters). */
export function showValue(v: unknown): string {
  if (v === undefined) return "missing";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (typeof v === "function") return "a function";
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = typeof v === "bigint" ? `${v}n` : typeof v;
  }
  return s.length > 80 ? s.slice(0, 77) + "…" : s;
}
