// What the global setup hands to every test file through `inject`.
import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The time-skipping test server executable. */
    testServerPath: string;
    /** host:port of the shared in-memory dev server. */
    devServerAddress: string;
    /** The shared S3 server (versitygw) and its one bucket. */
    s3: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  }
}
