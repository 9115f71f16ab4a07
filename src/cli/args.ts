// Command-line parsing shared by the gyrus subcommands: --key value options, --flag booleans, positionals, and
// usage errors (exit code 2) that say which option was wrong and what is allowed.

/** A mistake in how the command was called; main prints it with the usage text and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface ParsedArgs {
  /** --key value options (last one wins). */
  values: Record<string, string>;
  /** --flag booleans that were given. */
  flags: Set<string>;
  positionals: string[];
}

/** Parse argv against the allowed value options and boolean flags; anything else is a UsageError. */
export function parseArgs(
  argv: readonly string[],
  spec: { values?: readonly string[]; flags?: readonly string[]; positionals?: number },
): ParsedArgs {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  const positionals: string[] = [];
  const allowedValues = spec.values ?? [];
  const allowedFlags = spec.flags ?? [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) {
      positionals.push(a);
      continue;
    }
    let key = a.slice(2);
    let inline: string | undefined;
    const eq = key.indexOf("=");
    if (eq >= 0) [key, inline] = [key.slice(0, eq), key.slice(eq + 1)];
    if (allowedFlags.includes(key)) {
      if (inline !== undefined) throw new UsageError(`--${key} takes no value`);
      flags.add(key);
    } else if (allowedValues.includes(key)) {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith("--")))
        throw new UsageError(`--${key} needs a value`);
      values[key] = v;
    } else {
      const all = [...allowedValues, ...allowedFlags].map((k) => "--" + k);
      throw new UsageError(
        `unknown option --${key}${all.length ? ` (allowed: ${all.join(", ")})` : " (this command takes no options)"}`,
      );
    }
  }
  const maxPos = spec.positionals ?? 0;
  if (positionals.length > maxPos) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[maxPos])}`);
  return { values, flags, positionals };
}

/** An integer option in [min, max], or the default when absent. */
export function intOption(values: Record<string, string>, key: string, def: number, min: number, max: number): number {
  const raw = values[key];
  if (raw === undefined) return def;
  const v = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(v) || v < min || v > max)
    throw new UsageError(`--${key} ${JSON.stringify(raw)}: must be an integer from ${min} to ${max}`);
  return v;
}

/** One of a fixed set of words, or the default when absent. */
export function choiceOption<T extends string>(
  values: Record<string, string>,
  key: string,
  allowed: readonly T[],
  def: T,
): T {
  const raw = values[key];
  if (raw === undefined) return def;
  if (!(allowed as readonly string[]).includes(raw))
    throw new UsageError(`--${key} ${JSON.stringify(raw)}: allowed: ${allowed.join(", ")}`);
  return raw as T;
}
