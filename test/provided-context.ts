// What the global setup hands to every test file through `inject`.
import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The time-skipping test server executable. */
    testServerPath: string;
    /** host:port of the shared in-memory dev server. */
    devServerAddress: string;
  }
}
