// Node-only file helpers: crash-safe (atomic) writes, and reading / writing .safetensors files with errors that
// name the path. A reader of the target path sees either the old file or the complete new one, never a torn write.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { dirname } from "node:path";
import {
  decodeSafetensors,
  encodeSafetensors,
  SafetensorsError,
  type SafetensorsFile,
  type Tensor,
} from "./safetensors.js";

/** A fresh name next to `path`: rename() is only atomic within one file system, so stay in the same directory. */
function tempPath(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
}

/** Writes `data` to `path` atomically: temp file in the same directory, fsync, rename over the target. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = tempPath(path);
  let created = false;
  try {
    const fh = await fs.promises.open(tmp, "wx"); // wx: never clobber an existing file of the same name
    created = true;
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, path);
    created = false;
  } catch (err) {
    if (created) await fs.promises.rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
  await syncDirectory(dirname(path));
}

/** Synchronous writeFileAtomic. */
export function writeFileAtomicSync(path: string, data: Uint8Array | string): void {
  const tmp = tempPath(path);
  let created = false;
  try {
    const fd = fs.openSync(tmp, "wx");
    created = true;
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path);
    created = false;
  } catch (err) {
    if (created) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // keep the original error
      }
    }
    throw err;
  }
  syncDirectorySync(dirname(path));
}

// The rename is durable only once the directory entry is flushed. Best effort: some platforms (Windows) cannot
// open or fsync a directory, and the data itself is already safe.
async function syncDirectory(dir: string): Promise<void> {
  try {
    const fh = await fs.promises.open(dir, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // ignored, see above
  }
}

function syncDirectorySync(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // ignored, see above
  }
}

const FS_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "is a directory",
  ENOTDIR: "a parent of the path is not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EMFILE: "too many open files",
  ERR_FS_FILE_TOO_LARGE: "file too large to read into memory",
};

/** Reads a whole file; an I/O failure is a SafetensorsError naming `path` ("no such file", "is a directory", …). */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    return await fs.promises.readFile(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const known = typeof code === "string" && Object.hasOwn(FS_ERRORS, code) ? FS_ERRORS[code] : undefined;
    throw new SafetensorsError(path, known ?? `cannot read (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Reads and decodes a .safetensors file; every failure, I/O included, is a SafetensorsError naming `path`. */
export async function readSafetensorsFile(path: string): Promise<SafetensorsFile> {
  return decodeSafetensors(await readFileBytes(path), path);
}

/** Encodes tensors and writes them to `path` atomically. */
export async function writeSafetensorsFile(
  path: string,
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string>,
): Promise<void> {
  await writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}
