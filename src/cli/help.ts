// The help of the gyrus command: each subcommand's usage (synopsis, every option with its default), the general
// list of commands, the one-line hint after a usage error, and the exit codes (one table, docs/training.md).

/** How a command is suggested to the user: `npx gyrus` works from the clone and wherever gyrus is installed. */
export const CMD = "npx gyrus";

/** The exit codes of the gyrus command (the table in docs/training.md). */
export const EXIT = { ok: 0, failed: 1, badInput: 2, interrupted: 130 } as const;

/** One subcommand's help. */
export interface CommandHelp {
  name: string;
  /** One line in the general help. */
  summary: string;
  /** Synopsis line(s), each starting with the command. */
  usage: string | readonly string[];
  /** What the command does (a paragraph). */
  about?: string;
  /** [flag and argument, what it does and its default]. */
  options: readonly (readonly [string, string])[];
  /** More text after the options (presets, examples). */
  extra?: string;
}

/** Word-wraps `text` to `width` columns, every line after the first indented by `indent` spaces. */
export function wrap(text: string, width: number, indent: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const limit = lines.length ? width - indent : width;
    if (line && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i ? " ".repeat(indent) + l : l));
}

/** The full help text of one command. */
export function renderHelp(h: CommandHelp, width = 118): string {
  const usage = typeof h.usage === "string" ? [h.usage] : h.usage;
  const out = usage.map((u, i) => `${i ? "       " : "usage: "}${u}`);
  if (h.about) out.push("", ...wrap(h.about, width, 0));
  if (h.options.length) {
    out.push("", "options:");
    const col = Math.min(30, Math.max(...h.options.map(([f]) => f.length)) + 2);
    for (const [flag, what] of h.options) {
      const text = wrap(what, width - 2 - col, 0);
      if (flag.length + 2 > col) out.push(`  ${flag}`, ...text.map((t) => " ".repeat(2 + col) + t));
      else out.push(`  ${flag.padEnd(col)}${text[0] ?? ""}`, ...text.slice(1).map((t) => " ".repeat(2 + col) + t));
    }
  }
  if (h.extra) out.push("", h.extra);
  return out.join("\n");
}

/** The general help: every command with one line, how to get a command's options, and the exit codes. */
export function renderGeneralHelp(commands: readonly CommandHelp[]): string {
  const w = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `usage: ${CMD} <command> [options]    (or just gyrus … once \`npm link\` has put it on the PATH)`,
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(w)}${c.summary}`),
    `  ${"help".padEnd(w)}this text; ${CMD} help <command> = ${CMD} <command> --help`,
    "",
    `Run ${CMD} <command> --help for the command's options and their defaults.`,
    `Exit codes: ${EXIT.ok} done, ${EXIT.failed} the work failed, ${EXIT.badInput} bad input (call, flags, config, files), ${EXIT.interrupted} interrupted (Ctrl-C, SIGTERM).`,
  ].join("\n");
}

/** The line after a usage error: where the full usage is. */
export function helpHint(command?: string): string {
  return command ? `run ${CMD} ${command} --help for its options` : `run ${CMD} --help for the commands`;
}
