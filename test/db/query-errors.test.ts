// Database errors as they leave the database layer: the values of the query taken out, on the
// real driver (PGlite, or Postgres when DATABASE_URL is set), in the process logger and in
// activity failures alike.
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactDatabaseErrors } from '../../activities/database-error-interceptor.js';
import type { Database } from '../../db/client.js';
import { redactDatabaseError, RedactedDatabaseError } from '../../db/query-errors.js';
import { createLogger } from '../../scripts/lib/logger.js';
import { createTestDatabase } from '../helpers/database.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

/** The error of a query that fails with the given values among its parameters. */
async function failingQuery(): Promise<unknown> {
  try {
    // 22P02: the server's message quotes the value it could not read.
    await database.db.execute(sql`select ${'张三 91320700MA1X2Y3Z4Q'}::integer as n, ${'13800001111'} as phone`);
  } catch (error) {
    return error;
  }
  throw new Error('the query did not fail');
}

const secrets = ['张三', '91320700MA1X2Y3Z4Q', '13800001111'];

describe('redactDatabaseError', () => {
  it('keeps the SQLSTATE, the SQL text and the stack, and drops every value', async () => {
    const original = await failingQuery();
    expect(String((original as Error).message)).toContain('张三');
    const redacted = redactDatabaseError(original) as RedactedDatabaseError;
    expect(redacted).toBeInstanceOf(RedactedDatabaseError);
    expect(redacted).toMatchObject({ code: '22P02', message: 'database query failed (SQLSTATE 22P02)' });
    expect(redacted.query).toContain('$1::integer');
    expect(redacted.stack).toMatch(/\n\s+at /);
    expect(redacted.cause).toBeUndefined();
    const everything = JSON.stringify({ ...redacted, message: redacted.message, stack: redacted.stack });
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it('redacts an error that wraps a database error, and leaves any other error as it is', async () => {
    const wrapped = new Error(`write failed: ${String((await failingQuery() as Error).message)}`, { cause: await failingQuery() });
    expect(redactDatabaseError(wrapped)).toMatchObject({ code: '22P02' });
    const plain = new Error('no database here');
    expect(redactDatabaseError(plain)).toBe(plain);
    expect(redactDatabaseError('text')).toBe('text');
  });
});

describe('where database errors go', () => {
  it('the process logger writes them redacted', async () => {
    const lines: string[] = [];
    const logger = createLogger('test', new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) }));
    logger.error({ err: await failingQuery() }, 'query failed');
    const log = lines.join('');
    expect(log).toContain('SQLSTATE 22P02');
    for (const secret of [...secrets, 'params']) expect(log).not.toContain(secret);
  });

  it('an activity failure carries them redacted', async () => {
    const original = await failingQuery();
    const { inbound } = redactDatabaseErrors({} as never);
    const failing = inbound!.execute!({ args: [], headers: {} }, () => Promise.reject(original));
    await expect(failing).rejects.toBeInstanceOf(RedactedDatabaseError);
    await expect(failing).rejects.toMatchObject({ code: '22P02' });
  });
});
