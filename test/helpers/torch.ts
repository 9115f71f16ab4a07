// The PyTorch cross-checks' gate: a python3 that can import torch, or a loud skip (a failing test instead with
// GYRUS_TORCH=required, as .ci/run sets).
import { it } from "vitest";
import { pythonWithTorch } from "../../bench/torch.js";

/**
 * The Python to run, or null after registering the skip inside the calling describe block: a test that fails when
 * GYRUS_TORCH=required, and a warning that says what was skipped.
 */
export function torchOrSkip(what: string): string | null {
  const python = pythonWithTorch();
  if (python) return python;
  it.skipIf(process.env.GYRUS_TORCH !== "required")("python3 with torch is installed (GYRUS_TORCH=required)", () => {
    throw new Error("GYRUS_TORCH=required but no python3 can import torch: apt-get install python3-torch");
  });
  console.warn(`SKIPPED: ${what} — no python3 with torch (apt-get install python3-torch)`);
  return null;
}
