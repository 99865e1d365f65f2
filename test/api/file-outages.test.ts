// A file store that does not answer: uploads and downloads answer 503 storage_unavailable with
// Retry-After, within the store's own timeouts, keeping nothing; /readyz reports it while the
// rest of the API stays ready.
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3StoreFromEnv } from '../../api/files/s3-store.js';
import { insertCaseFile } from '../../db/files.js';
import { caseFiles, fileBlobs } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { testFileServices, type TestFileStore } from '../helpers/blob-stores.js';
import { fixture, seedCatalogue } from '../helpers/catalogue-fixture.js';
import { multipartFile, pdfBytes, sha256Of } from '../helpers/file-bytes.js';
import { bearer } from '../helpers/tokens.js';

let t: TestApp;
let files: TestFileStore;
let officer: { authorization: string };

beforeAll(async () => {
  files = await testFileServices('s3');
  // An S3 store at a port nothing listens on.
  const gone = s3StoreFromEnv({ FILE_STORE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9', S3_BUCKET: 'gone', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' });
  t = await createTestApp({ files: { ...files.services, store: gone } });
  await seedCatalogue(t.database.db);
  officer = await bearer({ sub: 'officer-1', roles: ['approval_officer'], region: fixture.region, dept: fixture.dept });
});

afterAll(async () => {
  await t?.close();
  await files?.close();
});

describe('a file store that is down', () => {
  it('answers an upload 503 storage_unavailable with Retry-After, keeping nothing', async () => {
    const body = multipartFile('营业执照.pdf', pdfBytes('outage'));
    const res = await t.app.inject({ method: 'POST', url: `/api/files?kind=application-material&dept=${fixture.dept}`, headers: { ...officer, ...body.headers }, payload: body.payload });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'storage_unavailable', message: expect.stringContaining('文件存储') });
    expect(res.headers['retry-after']).toBe('5');
    expect(await t.database.db.select().from(caseFiles)).toEqual([]);
    expect(await t.database.db.select().from(fileBlobs)).toEqual([]);
    expect(await readdir(files.services.stagingDir)).toEqual([]);
  });

  it('answers a download 503, and /readyz names the store without failing the API', async () => {
    const bytes = pdfBytes('kept before the outage');
    const sha256 = sha256Of(bytes);
    const file = await insertCaseFile(
      t.database.db,
      { sha256, size: bytes.length, contentType: 'application/pdf', scannedBy: 'off' },
      { sha256, kind: 'application-material', name: 'a.pdf', region: fixture.region, deptCode: fixture.dept, source: 'upload', addedBy: 'officer-1' },
    );
    const res = await t.app.inject({ method: 'GET', url: `/api/files/${file.id}/content`, headers: officer });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toBe('storage_unavailable');
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json().checks.storage).toBe('failed');
  });
});
