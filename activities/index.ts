// Activities: thin adapters from the case workflow to the database and outside systems.
import type { Db } from '../db/client.js';
import { upsertCase, type CaseProjection } from '../db/cases.js';

/** What the activities need from the process that hosts them. */
export interface ActivityDeps {
  db: Db;
}

/** Builds the activities around their dependencies. */
export function createActivities({ db }: ActivityDeps) {
  return {
    /** Projects the case into the read model; idempotent on retry. */
    async projectCase(row: CaseProjection): Promise<void> {
      await upsertCase(db, row);
    },
  };
}

/** The activity interface the workflows proxy. */
export type Activities = ReturnType<typeof createActivities>;
