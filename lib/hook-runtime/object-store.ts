// `env.objects` for script hooks: one directory per broker under the data dir
// (`<data-dir>/objects/<namespace>/<broker>/`), keys as relative paths. Bounded per object and
// per broker; keys are checked so nothing outside the directory is reachable.
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";

export const MAX_OBJECT_BYTES = 8 * 1024 * 1024;
export const MAX_BROKER_OBJECT_BYTES = 256 * 1024 * 1024;
export const MAX_OBJECT_KEY_LENGTH = 512;
const MAX_LIST = 1000;

export class ObjectStoreError extends Error {}

export interface ObjectInfo {
  key: string;
  size: number;
  uploaded: string;
}

export class ObjectStore {
  /** Bytes stored, counted on first use, then kept up to date by `put`. */
  private usedBytes: number | undefined;

  constructor(readonly directory: string) {}

  async put(key: string, body: Buffer): Promise<void> {
    const file = this.fileFor(key);
    if (body.length > MAX_OBJECT_BYTES) throw new ObjectStoreError(`object ${key} is ${body.length} bytes; the limit is ${MAX_OBJECT_BYTES}`);
    const previous = await sizeOf(file);
    const used = (await this.used()) - previous + body.length;
    if (used > MAX_BROKER_OBJECT_BYTES) throw new ObjectStoreError(`the broker's objects would exceed ${MAX_BROKER_OBJECT_BYTES} bytes`);
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename: a reader never sees half an object.
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, body);
    await rename(temporary, file);
    this.usedBytes = used;
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.fileFor(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "EISDIR") return null;
      throw error;
    }
  }

  /** Objects whose key starts with `prefix`, in key order, at most 1,000. */
  async list(prefix: string): Promise<ObjectInfo[]> {
    const found: ObjectInfo[] = [];
    for (const file of await walk(this.directory)) {
      const key = path.relative(this.directory, file).split(path.sep).join("/");
      if (!key.startsWith(prefix) || key.endsWith(".tmp")) continue;
      const info = await stat(file);
      found.push({ key, size: info.size, uploaded: info.mtime.toISOString() });
    }
    return found.sort((a, b) => (a.key < b.key ? -1 : 1)).slice(0, MAX_LIST);
  }

  private fileFor(key: string): string {
    const segments = key.split("/");
    if (key.length === 0 || key.length > MAX_OBJECT_KEY_LENGTH || !/^[\w.\-/]+$/.test(key) || segments.some((s) => s === "" || s === "." || s === ".." || s.endsWith(".tmp"))) {
      throw new ObjectStoreError(`object key ${JSON.stringify(key)} is not valid: use 1-${MAX_OBJECT_KEY_LENGTH} characters of letters, digits, "_", "-", "." and "/" separated segments`);
    }
    return path.join(this.directory, ...segments);
  }

  private async used(): Promise<number> {
    if (this.usedBytes === undefined) {
      let total = 0;
      for (const file of await walk(this.directory)) total += await sizeOf(file);
      this.usedBytes = total;
    }
    return this.usedBytes;
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

async function walk(directory: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
