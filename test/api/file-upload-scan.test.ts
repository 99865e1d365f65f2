// The scan hook on the upload path, against a real clamd (Debian's clamav-daemon; .ci/run installs
// it) with a signature database of our own: a flagged file is refused and nothing of it is kept, a
// clean one is kept as scanned by clamd, and a clamd that does not answer makes the upload a 503.
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clamdScanner } from '../../api/files/scan.js';
import { caseFiles, fileBlobs } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { testFileServices, type TestFileStore } from '../helpers/blob-stores.js';
import { fixture, seedCatalogue } from '../helpers/catalogue-fixture.js';
import { clamdPath, startClamd, type RunningClamd } from '../helpers/clamd.js';
import { multipartFile, pdfBytes, sha256Of } from '../helpers/file-bytes.js';
import { bearer } from '../helpers/tokens.js';

const flagged = pdfBytes('a document the scanner flags');

const title = clamdPath ? 'uploads scanned by a real clamd' : 'uploads scanned by clamd — skipped: clamd is not installed (apt-get install clamav-daemon)';

describe.skipIf(!clamdPath)(title, () => {
  let t: TestApp;
  let files: TestFileStore;
  let clamd: RunningClamd;
  let officer: { authorization: string };

  beforeAll(async () => {
    clamd = await startClamd([{ name: 'Shenguan.Test.Flagged', content: flagged }]);
    files = await testFileServices('folder', { scanner: clamdScanner(clamd.socketPath, 5_000) });
    t = await createTestApp({ files: files.services });
    await seedCatalogue(t.database.db);
    officer = await bearer({ sub: 'officer-1', roles: ['approval_officer'], region: fixture.region, dept: fixture.dept });
  });

  afterAll(async () => {
    await t?.close();
    await files?.close();
    await clamd?.stop();
  });

  const upload = (bytes: Buffer) => {
    const body = multipartFile('材料.pdf', bytes);
    return t.app.inject({ method: 'POST', url: `/api/files?kind=application-material&dept=${fixture.dept}`, headers: { ...officer, ...body.headers }, payload: body.payload });
  };

  it('refuses a file clamd flags, keeping nothing of it', async () => {
    const res = await upload(flagged);
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([expect.objectContaining({ field: 'body/file', rule: 'virus-scan', message: expect.stringContaining('Shenguan.Test.Flagged') })]);
    expect(await t.database.db.select().from(caseFiles)).toEqual([]);
    expect(await files.objectCount()).toBe(0);
    expect(await readdir(files.services.stagingDir)).toEqual([]);
  });

  it('keeps a clean file as scanned by clamd', async () => {
    const clean = pdfBytes('a clean document');
    const res = await upload(clean);
    expect(res.statusCode, res.body).toBe(201);
    expect(await t.database.db.select({ sha256: fileBlobs.sha256, scannedBy: fileBlobs.scannedBy }).from(fileBlobs)).toEqual([{ sha256: sha256Of(clean), scannedBy: 'clamd' }]);
  });

  it('answers 503 scanner_unavailable while clamd is gone, keeping nothing', async () => {
    await clamd.stop();
    const before = await files.objectCount();
    const res = await upload(pdfBytes('while the scanner is away'));
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toBe('scanner_unavailable');
    expect(res.headers['retry-after']).toBe('5');
    expect(await files.objectCount()).toBe(before);
    expect(await readdir(files.services.stagingDir)).toEqual([]);
  });
});
