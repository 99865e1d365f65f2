// The cases read model on the real database: Postgres when DATABASE_URL is set, PGlite otherwise.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.js';
import { findCase, upsertCase, type CaseProjection } from '../../db/cases.js';
import { createTestDatabase } from '../helpers/database.js';

const row: CaseProjection = {
  caseNo: 'LYG-DB-1',
  region: '320700',
  approvalDept: 'LYG-SCJGJ',
  creditCode: '91350100M000100Y43',
  mode: 'postCheck',
  stage: 'started',
  startedAt: '2026-11-20T02:00:00.000Z',
};

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('cases read model', () => {
  it('runs on the server of DATABASE_URL when it is set, on PGlite otherwise', () => {
    expect(database.kind).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('writes a case once however often the projection is retried', async () => {
    await upsertCase(database.db, row);
    await upsertCase(database.db, row);
    const found = await findCase(database.db, row.caseNo);
    expect(found).toMatchObject({ ...row, startedAt: expect.any(String) });
    expect(Date.parse(found!.startedAt)).toBe(Date.parse(row.startedAt));
    const count = await database.db.$count((await import('../../db/schema/index.js')).cases);
    expect(count).toBe(1);
  });

  it('moves the stage forward on a later projection and keeps the start', async () => {
    await upsertCase(database.db, { ...row, caseNo: 'LYG-DB-2' });
    await upsertCase(database.db, { ...row, caseNo: 'LYG-DB-2', stage: 'closed', startedAt: '2030-01-01T00:00:00.000Z' });
    const found = await findCase(database.db, 'LYG-DB-2');
    expect(found?.stage).toBe('closed');
    expect(Date.parse(found!.startedAt)).toBe(Date.parse(row.startedAt));
  });

  it('answers undefined for an unknown case', async () => {
    expect(await findCase(database.db, 'NOPE')).toBeUndefined();
  });

  it('migrating again changes nothing', async () => {
    await database.migrate();
    expect(await findCase(database.db, row.caseNo)).toBeDefined();
  });
});

describe('embedded database', () => {
  it('keeps its data in its folder across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shenguan-pglite-'));
    try {
      const first = await openDatabase({ pgliteDir: dir });
      await first.migrate();
      await upsertCase(first.db, row);
      await first.close();

      const second = await openDatabase({ pgliteDir: dir });
      await second.migrate();
      expect((await findCase(second.db, row.caseNo))?.mode).toBe('postCheck');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
