// The settings form: task check boxes, filling the fields from settings or a loaded model's config, reading them
// back (readSettings: errors name the field), and marking the field at fault.
import { suiteTaskNames, type TrainConfig } from "../browser.js";
import { readSettings, SETTING_FIELDS, SWAP_EVERY, type DemoSettings } from "./settings.js";

export class Controls {
  constructor(
    readonly form: HTMLFormElement,
    private readonly tasksBox: HTMLElement,
  ) {
    for (const name of suiteTaskNames("yang20")) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = "task";
      box.value = name;
      label.append(box, name);
      tasksBox.append(label);
    }
  }

  private input(name: string): HTMLInputElement | HTMLSelectElement {
    return this.form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  }

  private taskBoxes(): HTMLInputElement[] {
    return Array.from(this.tasksBox.querySelectorAll<HTMLInputElement>("input[name=task]"));
  }

  fill(s: DemoSettings): void {
    for (const box of this.taskBoxes()) box.checked = s.tasks.includes(box.value);
    this.input("grid").value = s.depth ? `${s.rows}x${s.cols}x${s.depth}` : `${s.rows}x${s.cols}`;
    this.input("reg").value = s.reg;
    this.input("lambda").value = String(s.lambda);
    this.input("A").value = String(s.A);
    this.input("alpha").value = String(s.alpha);
    this.input("dale").value = s.dale === null ? "" : String(s.dale);
    (this.input("swaps") as HTMLInputElement).checked = s.swaps;
    this.input("seed").value = String(s.seed);
    this.input("steps").value = String(s.steps);
    this.input("build").value = s.build;
    this.input("threads").value = String(s.threads);
  }

  /** The form's fields for a loaded model's config (yang20 grid and lattice runs; others keep the form as it was). */
  fillFromConfig(c: TrainConfig): void {
    const g = c.geometry;
    if (c.suite !== "yang20" || (g.kind !== "grid" && g.kind !== "lattice")) return;
    if (c.reg !== "bimt" && c.reg !== "l1" && c.reg !== "sernn") return;
    const cur = this.read();
    this.fill({
      ...cur,
      tasks: c.tasks ?? [...suiteTaskNames("yang20")],
      rows: g.kind === "grid" ? g.rows : g.x,
      cols: g.kind === "grid" ? g.cols : g.y,
      depth: g.kind === "grid" ? 0 : g.z,
      reg: c.reg,
      lambda: c.lambda,
      A: c.reg === "bimt" ? c.A : cur.A,
      alpha: c.alpha ?? 1,
      dale: c.dale ? c.dale.excitatory : null,
      swaps: c.swap.every === SWAP_EVERY,
      seed: c.seed,
      steps: c.steps,
    });
  }

  /** The settings in the form; throws ConfigError naming the field. */
  read(): DemoSettings {
    const v = (name: string) => this.input(name).value;
    const tasks = this.taskBoxes()
      .filter((b) => b.checked)
      .map((b) => b.value);
    return readSettings(
      {
        grid: v("grid"),
        reg: v("reg"),
        lambda: v("lambda"),
        A: v("A"),
        alpha: v("alpha"),
        dale: v("dale"),
        seed: v("seed"),
        steps: v("steps"),
        build: v("build"),
        threads: v("threads"),
        swaps: (this.input("swaps") as HTMLInputElement).checked ? "on" : "off",
      },
      tasks,
    );
  }

  /** Highlights the field at fault (null clears). */
  mark(field: string | null): void {
    for (const f of SETTING_FIELDS) {
      if (f === "tasks") this.tasksBox.parentElement?.classList.toggle("invalid", field === "tasks");
      else this.input(f).setAttribute("aria-invalid", String(field === f));
    }
    if (field && field !== "tasks") {
      const el = this.input(field);
      el.closest("details")?.setAttribute("open", "");
      el.focus();
    }
  }
}
