import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads small kernel files (procfs, sysfs) cheaply, for a process that reads them every second:
 * each file stays open and is read again from offset 0 into one reused buffer (the kernel
 * regenerates a /proc file on every read from its start), so a reading costs one system call
 * and one string, not an open, a stat, a fresh buffer and a close.
 */
export function createProcReader(initialBytes = 16 * 1024): {
  read(file: string): string;
  close(): void;
} {
  const handles = new Map<string, number>();
  let buffer = Buffer.allocUnsafe(initialBytes);

  function readAll(fd: number): number {
    let length = 0;
    for (;;) {
      const count = readSync(fd, buffer, length, buffer.length - length, length);
      length += count;
      if (count === 0 || length < buffer.length) return length;
      // A file larger than the buffer (many CPUs or interrupts): grow it and read on.
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
  }

  return {
    read(file) {
      let fd = handles.get(file);
      if (fd === undefined) {
        fd = openSync(file, 'r');
        handles.set(file, fd);
      }
      try {
        // Read first: reading may replace the buffer with a larger one.
        const length = readAll(fd);
        return buffer.toString('latin1', 0, length);
      } catch (error) {
        // A handle that went bad is reopened on the next reading.
        handles.delete(file);
        closeSync(fd);
        throw error;
      }
    },
    close() {
      for (const fd of handles.values()) closeSync(fd);
      handles.clear();
    },
  };
}
