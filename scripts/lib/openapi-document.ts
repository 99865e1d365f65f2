// The API's OpenAPI document without a running system: the app is built on a lazy Temporal
// connection and an empty in-memory database, neither of which is touched, since only the routes'
// schemas make the document.
import { Client, Connection } from '@temporalio/client';
import { buildApp } from '../../api/app.js';
import { HttpError } from '../../api/errors.js';
import { openDatabase } from '../../db/client.js';

/** The OpenAPI document the API serves at /docs/json, for a server at `serverUrl`. */
export async function openApiDocument(serverUrl?: string): Promise<Record<string, unknown>> {
  const database = await openDatabase({ pgliteDir: undefined });
  const connection = Connection.lazy();
  const app = await buildApp({
    temporal: { client: new Client({ connection }), taskQueue: 'openapi-document', uiUrl: 'http://localhost:8233' },
    db: database.db,
    listen: database.listen,
    verifyToken: () => Promise.reject(new HttpError(401, 'unauthenticated', '不接受访问令牌')),
    // Never reached: no token is accepted, so no codec route runs.
    payloadCodec: { encode: () => Promise.reject(new Error('no codec')), decode: () => Promise.reject(new Error('no codec')) },
    ...(serverUrl ? { serverUrl } : {}),
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await connection.close();
    await database.close();
  }
}
