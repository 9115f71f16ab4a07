// Where each run of a sweep stands (done, running, stopped, not started), from facts about its folder, and the lock
// a sweep keeps in a run's folder while it trains. Pure: the caller reads the files and asks whether a pid is alive.

/** The lock file a sweep keeps in a run's folder while it trains or analyses the run (removed when it stops). */
export const RUN_LOCK_FILE = "running.json";

/** How often a sweep rewrites a lock's heartbeat (ms). */
export const HEARTBEAT_MS = 10_000;

/** A lock from another machine whose heartbeat is older than this (ms) is stale: its sweep was killed. */
export const STALE_LOCK_MS = 60_000;

/** The content of a run's lock: which process holds it, on which host, since when, and its last heartbeat. */
export interface RunLock {
  pid: number;
  host: string;
  /** When the run was taken (ms since the epoch). */
  started: number;
  /** The holder's last sign of life (ms since the epoch). */
  heartbeat: number;
}

/** Where a run of a sweep stands. */
export type RunState = "done" | "running" | "stopped" | "not started";

/** What a run's folder shows. */
export interface RunFacts {
  /** analysis.json exists: trained and analysed. */
  analysed: boolean;
  /** checkpoint.safetensors exists: training began and can be resumed. */
  checkpoint: boolean;
  /** A lock file exists (readable or not). */
  locked: boolean;
  /** That lock is held by a live sweep (see lockIsLive). */
  live: boolean;
}

/** The lock a sweep writes, as JSON text. */
export function formatRunLock(lock: RunLock): string {
  return JSON.stringify(lock) + "\n";
}

/** A lock file's text as a RunLock, or null if it is not one (a partly written or foreign file). */
export function parseRunLock(text: string): RunLock | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null) return null;
  const o = v as Record<string, unknown>;
  const ok =
    Number.isInteger(o.pid) &&
    (o.pid as number) > 0 &&
    typeof o.host === "string" &&
    Number.isFinite(o.started) &&
    Number.isFinite(o.heartbeat);
  return ok
    ? { pid: o.pid as number, host: o.host as string, started: o.started as number, heartbeat: o.heartbeat as number }
    : null;
}

/**
 * Whether a lock is held by a live sweep: on this host, whether its process is alive (`alive(pid)`); on another host,
 * whether its heartbeat is younger than STALE_LOCK_MS at time `now`.
 */
export function lockIsLive(lock: RunLock, now: number, host: string, alive: (pid: number) => boolean): boolean {
  if (lock.host === host) return alive(lock.pid);
  return now - lock.heartbeat < STALE_LOCK_MS;
}

/**
 * A run's state: done once analysed; running while a live sweep holds its lock; stopped if it has a checkpoint (or a
 * stale lock) but no analysis; otherwise not started.
 */
export function runState(f: RunFacts): RunState {
  if (f.analysed) return "done";
  if (f.locked && f.live) return "running";
  if (f.checkpoint || f.locked) return "stopped";
  return "not started";
}
