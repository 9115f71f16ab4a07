// The public API's own typed error: a bad argument. (ConfigError, UnknownNameError, SafetensorsError, DivergedError
// and RunFolderError live with the modules that raise them.)

/** A function of the public API was called with a bad argument: `argument` names it, `allowed` says what is accepted. */
export class ArgumentError extends Error {
  constructor(
    readonly argument: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${argument}: ${describe(value)} — ${allowed}`);
    this.name = "ArgumentError";
  }
}

/** A short, safe description of a value for messages. */
export function describe(v: unknown): string {
  if (v === undefined) return "missing";
  if (v === null) return "null";
  if (typeof v === "function") return "a function";
  if (v instanceof Uint8Array) return `${v.constructor.name}(${v.length})`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "object") return "an object";
  const s = typeof v === "string" ? JSON.stringify(v) : String(v);
  return s.length > 60 ? s.slice(0, 57) + "…" : s;
}
