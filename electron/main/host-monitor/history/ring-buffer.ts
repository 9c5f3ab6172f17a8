export interface RingBuffer<T> {
  readonly capacity: number;
  readonly size: number;
  push(item: T): void;
  newest(): T | undefined;
  /** Oldest first. */
  toArray(): T[];
  /** The newest items for which `keep` holds, oldest first, stopping at the first that fails. */
  newestWhile(keep: (item: T) => boolean): T[];
}

/** A fixed-size buffer: once full, each new item replaces the oldest, so memory never grows. */
export function createRingBuffer<T>(capacity: number): RingBuffer<T> {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error('A ring needs a capacity');
  const items = new Array<T | undefined>(capacity);
  let next = 0;
  let size = 0;
  const at = (age: number): T => items[(next - 1 - age + capacity) % capacity] as T;
  return {
    capacity,
    get size() {
      return size;
    },
    push(item) {
      items[next] = item;
      next = (next + 1) % capacity;
      size = Math.min(capacity, size + 1);
    },
    newest: () => (size > 0 ? at(0) : undefined),
    toArray() {
      const out: T[] = [];
      for (let age = size - 1; age >= 0; age--) out.push(at(age));
      return out;
    },
    newestWhile(keep) {
      const out: T[] = [];
      for (let age = 0; age < size && keep(at(age)); age++) out.push(at(age));
      return out.reverse();
    },
  };
}
