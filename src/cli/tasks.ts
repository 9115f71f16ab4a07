// `gyrus tasks list|sample|plot`: inspect the task suites (placeholder until the tasks CLI lands).
import { UsageError } from "./args.js";

export const TASKS_USAGE = `  tasks list|sample|plot …   inspect the task suites (see gyrus tasks --help)`;

export async function tasksCommand(argv: readonly string[]): Promise<void> {
  throw new UsageError(`tasks ${argv[0] ?? ""}: not implemented yet`);
}
