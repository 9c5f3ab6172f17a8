import { mkdir, open, readFile, readdir, stat, unlink } from 'node:fs/promises';

/**
 * The file operations history needs, passed in so tests can fill the disk (ENOSPC), corrupt
 * files or fail reads without touching a real disk's limits.
 */
export interface HistoryFs {
  mkdir(dir: string): Promise<void>;
  /** File names in a folder; an empty list when the folder does not exist. */
  list(dir: string): Promise<string[]>;
  readText(file: string): Promise<string>;
  /** Size in bytes, 0 when the file does not exist. */
  size(file: string): Promise<number>;
  /** Appends and waits until the data is on the disk, not just in the OS cache. */
  appendDurably(file: string, text: string): Promise<void>;
  remove(file: string): Promise<void>;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

export function nodeHistoryFs(): HistoryFs {
  return {
    async mkdir(dir) {
      await mkdir(dir, { recursive: true });
    },
    list: (dir) =>
      readdir(dir).catch((error: unknown) => {
        if (isMissing(error)) return [];
        throw error;
      }),
    readText: (file) => readFile(file, 'utf8'),
    size: (file) =>
      stat(file).then(
        (info) => info.size,
        (error: unknown) => {
          if (isMissing(error)) return 0;
          throw error;
        },
      ),
    async appendDurably(file, text) {
      // O_APPEND: a record written by a crashing process can be torn, never interleaved.
      const handle = await open(file, 'a');
      try {
        await handle.appendFile(text);
        await handle.datasync();
      } finally {
        await handle.close();
      }
    },
    remove: (file) => unlink(file),
  };
}
