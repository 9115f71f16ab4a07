import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Worker pools spawn their own threads; keep vitest's own parallelism modest on 2-core machines.
    fileParallelism: false,
  },
});
