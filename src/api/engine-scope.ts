// Runs a piece of work on the caller's engine, or on one made for it and closed after.
import type { Engine } from "../engine/api.js";
import type { EngineOptions } from "../engine/engine.js";

/** Makes an engine on the entry's platform (Node's or the browser's). */
export type EngineFactory = (options?: EngineOptions) => Promise<Engine>;

export async function withEngine<T>(
  given: Engine | undefined,
  make: EngineFactory,
  options: EngineOptions,
  work: (e: Engine) => Promise<T> | T,
): Promise<T> {
  if (given) return work(given);
  const engine = await make(options);
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}
