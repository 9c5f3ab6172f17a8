import type { ReadingDigest } from '../pages/inspect-database';
import type { Acknowledged } from './write-plan';

/**
 * Acknowledged writes that did not survive: every reading the user was told was saved must be
 * there once, a correction with the reading it replaced marked, an import with every row.
 */
export function acknowledgedProblems(
  acknowledged: readonly Acknowledged[],
  readings: readonly ReadingDigest[],
): string[] {
  const byNotes = new Map<string, ReadingDigest[]>();
  for (const reading of readings) {
    const list = byNotes.get(reading.notes);
    if (list) list.push(reading);
    else byNotes.set(reading.notes, [reading]);
  }
  const byId = new Map(readings.map((reading) => [reading.id, reading]));
  const problems: string[] = [];
  for (const [notes, list] of byNotes)
    if (notes !== '' && list.length > 1)
      problems.push(`"${notes}" was written ${list.length} times`);
  for (const write of acknowledged) {
    if (write.kind === 'import') {
      for (let row = 0; row < write.count; row++)
        if (!byNotes.has(`${write.tag}#${row}`)) {
          problems.push(`import ${write.tag} lost row ${row} (and maybe more)`);
          break;
        }
      continue;
    }
    const found = byNotes.get(write.tag)?.[0];
    if (found?.id !== write.id) {
      problems.push(`${write.kind} ${write.tag} was acknowledged but is missing`);
      continue;
    }
    if (write.kind === 'correct') {
      const old = byId.get(write.oldId);
      if (
        found.supersedes !== write.oldId ||
        old?.status !== 'superseded' ||
        old.supersededBy !== found.id
      )
        problems.push(`correction ${write.tag} is there without ${write.oldId} marked superseded`);
    }
  }
  return problems;
}
