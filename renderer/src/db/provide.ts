import { inject } from 'vue';
import type { InjectionKey } from 'vue';
import type { DatabaseKind } from './active-database';
import type { HealthDeskDb } from './database';

export const DATABASE: InjectionKey<HealthDeskDb> = Symbol('database');
export const DATABASE_KIND: InjectionKey<DatabaseKind> = Symbol('database-kind');

/** The database this window works on, provided once at start-up (stores get it from here). */
export function useDatabase(): HealthDeskDb {
  const db = inject(DATABASE);
  if (!db) throw new Error('The database was not provided to the app');
  return db;
}

export function useDatabaseKind(): DatabaseKind {
  return inject(DATABASE_KIND, 'real');
}
