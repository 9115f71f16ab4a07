// `npm run build:demo`: put what the browser demo loads next to its page. docs/demo/index.html imports the engine,
// trainer, tasks, analysis and figure modules as tsc emitted them (ES modules with .js imports: browsers load them
// as they are, no bundler) and the kernel builds, laid out like the package (app/dist/src/…, app/build/*.wasm), so
// platform-browser.ts finds the kernels at ../../../build/ as it does in an installed package. docs/demo/app/ is git-ignored.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Compiled folders the page needs (cli/ is Node-only), beside the browser entry src/browser.js it imports. */
export const DEMO_MODULE_DIRS = [
  "analysis",
  "api",
  "demo",
  "engine",
  "io",
  "model",
  "sweep",
  "tasks",
  "train",
  "viz",
] as const;

const NODE_IMPORT = /\bfrom\s+["']node:/;

/** The repository (package) root: the nearest folder above this module with gyrus's package.json. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).name === "gyrus") return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error("gyrus's package.json not found above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export function demoRoot(): string {
  return path.join(repoRoot(), "docs", "demo");
}

/** Copies dist/src/<DEMO_MODULE_DIRS>/**.js (not the Node-only modules) into docs/demo/app/dist/src/ and build/*.wasm into app/build/. */
export function buildDemo(): { dir: string; modules: number; kernels: string[] } {
  const root = repoRoot();
  const dist = path.join(root, "dist", "src");
  const build = path.join(root, "build");
  if (!existsSync(path.join(dist, "demo", "main.js")))
    throw new Error(`${dist}/demo/main.js is missing: run \`npm run build\` first`);
  const kernels = existsSync(build)
    ? readdirSync(build)
        .filter((f) => f.endsWith(".wasm"))
        .sort()
    : [];
  for (const b of ["portable", "relaxed"]) {
    for (const f of [`gyrus-${b}.wasm`, `gyrus-${b}-unshared.wasm`]) {
      if (!kernels.includes(f)) throw new Error(`build/${f} is missing: run \`npm run build:wasm\` first`);
    }
  }
  const out = path.join(demoRoot(), "app");
  rmSync(out, { recursive: true, force: true });
  let modules = 0;
  for (const d of DEMO_MODULE_DIRS) {
    cpSync(path.join(dist, d), path.join(out, "dist", "src", d), {
      recursive: true,
      filter: (src) => {
        if (statSync(src).isDirectory()) return true;
        const keep = src.endsWith(".js") && !NODE_IMPORT.test(readFileSync(src, "utf8")); // Node-only modules stay out
        if (keep) modules++;
        return keep;
      },
    });
  }
  cpSync(path.join(dist, "browser.js"), path.join(out, "dist", "src", "browser.js"));
  modules++;
  mkdirSync(path.join(out, "build"), { recursive: true });
  for (const k of kernels) cpSync(path.join(build, k), path.join(out, "build", k));
  return { dir: out, modules, kernels };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const r = buildDemo();
    console.log(
      `gyrus demo: ${r.modules} modules and ${r.kernels.length} kernel builds → ${path.relative(process.cwd(), r.dir) || r.dir}`,
    );
  } catch (err) {
    console.error(`gyrus demo: ${(err as Error).message}`);
    process.exit(1);
  }
}
