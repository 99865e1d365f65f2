// A failed activity's error is logged by the worker ("Activity failed") and stored in the case's
// Temporal history: a database error among them goes with its values taken out (db/query-errors.ts).
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { redactDatabaseError } from '../db/query-errors.js';

/** Activity interceptor: rethrows a database error redacted, any other error as it is. */
export const redactDatabaseErrors: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (error) {
        throw redactDatabaseError(error);
      }
    },
  },
});
