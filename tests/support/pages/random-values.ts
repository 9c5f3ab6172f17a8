// Random values from a seeded generator (the demo clinic's, renderer/src/db/demo.ts), so
// benchmark data and crash-test plans can be replayed from their seed.
export { seededRandom } from '../../../renderer/src/db/demo';

/** A normally distributed value (Box–Muller). */
export function gaussian(random: () => number, mean: number, deviation: number): number {
  const u = 1 - random();
  const v = random();
  return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() needs at least one item');
  return item;
}
