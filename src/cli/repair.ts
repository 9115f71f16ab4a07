// `gyrus repair DIR`: checks every file of a run folder, rebuilds what its checkpoint allows (model.safetensors,
// config.json, a torn last metrics line) and says, one line per file, what is damaged and what can be done.
import { describeProblem, repairRun } from "../index.js";
import { parseArgs, UsageError } from "./args.js";
import { CMD, type CommandHelp } from "./help.js";

export const REPAIR_HELP: CommandHelp = {
  name: "repair",
  summary: "check every file of a run folder and rebuild what its checkpoint allows",
  usage: `${CMD} repair DIR`,
  about: `Checks config.json, metrics.jsonl, model.safetensors and checkpoint.safetensors of DIR. A missing or damaged
model.safetensors or config.json, or a torn last metrics line, is rebuilt from a valid checkpoint; damage that cannot
be repaired is reported one line per file, with what can still be done (exit 2).`,
  options: [],
};

/** Runs `gyrus repair DIR`: exit 0 when the folder is whole afterwards, 2 (one line per problem) when it is not. */
export async function repairCommand(argv: readonly string[]): Promise<void> {
  const { positionals } = parseArgs(argv, { positionals: 1 });
  if (positionals.length !== 1) throw new UsageError(`repair needs the run folder: ${CMD} repair DIR`);
  const dir = positionals[0];
  const r = await repairRun(dir);
  for (const p of r.fixed)
    console.log(`repaired ${p.file} (${p.problem}) from checkpoint.safetensors at step ${r.step}`);
  if (r.remaining.length > 0) {
    for (const p of r.remaining) console.error(`gyrus: ${describeProblem(p)}`);
    process.exitCode = 2;
    return;
  }
  if (r.fixed.length === 0) console.log(`${dir}: every file is intact (checkpoint at step ${r.step})`);
}
