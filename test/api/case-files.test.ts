// Files on the real stack, on both stores (the folder store and an S3 server): a case pushed with
// its archive (one file uploaded first, one fetched by reference and verified), an inspection with
// its record and two photos, rectification with evidence, revocation with its decision document —
// every file downloadable by those who read the case, refused to a sibling division and to another
// region, each download audited; forged, oversized and broken uploads refused with nothing kept;
// the same bytes stored once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, caseFiles, fileBlobs } from '../../db/schema/index.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { jpegBytes, multipartFile, pdfBytes, pngBytes, sha256Of } from '../helpers/file-bytes.js';
import { testFileServices, type TestFileStore } from '../helpers/blob-stores.js';
import { bearer, people } from '../helpers/tokens.js';

type Headers = { authorization: string };

/** The approval platform's file server: serves what the test puts in it. */
function platformFiles(): { server: Server; files: Map<string, Buffer>; origin: () => string } {
  const files = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const bytes = files.get(decodeURIComponent(req.url ?? ''));
    if (!bytes) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length }).end(bytes);
  });
  return { server, files, origin: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.each(['folder', 's3'] as const)('case files on the %s store', (storeKind) => {
  let t: TestApp;
  let store: TestFileStore;
  const platform = platformFiles();
  const who = {} as Record<'platform' | 'officer' | 'divisionAdmin' | 'siblingDivision' | 'otherRegion' | 'auditor' | 'records' | 'otherDeptOfficer', Headers>;

  beforeAll(async () => {
    await new Promise<void>((resolve) => platform.server.listen(0, '127.0.0.1', resolve));
    store = await testFileServices(storeKind, { fetchOrigins: [platform.origin()], maxBytes: 64 * 1024 });
    t = await createTestApp({ withWorker: true, files: store.services });
    who.platform = await bearer(people.approvalPlatform);
    who.officer = await bearer({ sub: 'officer-1', roles: ['approval_officer'], region: fixture.region, dept: fixture.dept });
    who.otherDeptOfficer = await bearer({ sub: 'zjj-officer', roles: ['approval_officer'], region: fixture.region, dept: 'LYG-ZJJ' });
    who.divisionAdmin = await bearer({ sub: fixture.divisionAdmin, roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: fixture.division });
    who.siblingDivision = await bearer({ sub: 'other-admin', roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: 'LYG-SCJGJ-OTHER' });
    who.otherRegion = await bearer(people.tianjinAdmin);
    who.auditor = await bearer(people.lygAuditor);
    who.records = await bearer({ sub: 'lyg-records', roles: ['records_admin'], region: fixture.region });
  });

  afterAll(async () => {
    await t?.close();
    await store?.close();
    await new Promise((resolve) => platform.server.close(resolve));
  });

  const call = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const upload = (url: string, headers: Headers, name: string, bytes: Buffer, o: { truncated?: boolean } = {}) => {
    const body = multipartFile(name, bytes, o);
    return t.app.inject({ method: 'POST', url, headers: { ...headers, ...body.headers }, payload: body.payload });
  };
  const rows = async () => ({
    files: (await t.database.db.select().from(caseFiles)).length,
    blobs: (await t.database.db.select().from(fileBlobs)).length,
    stored: await store.objectCount(),
    staged: (await readdir(store.services.stagingDir).catch(() => [])).length,
  });

  it('carries the files through start → inspection → rectification → revocation, for those who may read the case', async () => {
    const input = caseInput({ mode: 'postCheck', commitment: '承诺符合食品安全条件' });
    // The commitment letter is uploaded first; the licence copy is referenced on the platform.
    const letter = pdfBytes(`commitment ${input.caseNo}`);
    const uploaded = await upload(`/api/files?kind=commitment-letter&dept=${fixture.dept}`, who.platform, '告知承诺书.pdf', letter);
    expect(uploaded.statusCode).toBe(201);
    expect(uploaded.json()).toMatchObject({ kind: 'commitment-letter', caseNo: null, sha256: sha256Of(letter), contentType: 'application/pdf', name: '告知承诺书.pdf' });
    // Until its case starts, only its department sees it.
    expect((await call('GET', `/api/files/${uploaded.json().id}`, who.otherDeptOfficer)).statusCode).toBe(404);
    const licence = pdfBytes(`licence ${input.caseNo}`);
    platform.files.set(`/files/${input.caseNo}/licence.pdf`, licence);
    const archive = [
      { kind: 'commitment-letter', sha256: sha256Of(letter) },
      { kind: 'application-material', sha256: sha256Of(licence), size: licence.length, url: `${platform.origin()}/files/${input.caseNo}/licence.pdf`, name: '营业执照副本.pdf' },
    ];
    const started = await call('POST', '/api/cases', who.platform, { ...input, archive });
    expect(started.statusCode, started.body).toBe(201);
    // The same push again is the same case: nothing fetched or added twice.
    expect((await call('POST', '/api/cases', who.platform, { ...input, archive })).statusCode).toBe(200);
    const caseUrl = `/api/cases/${input.caseNo}`;
    await vi.waitFor(async () => expect((await call('GET', caseUrl, who.officer)).json().stage).toBe('supervising'), { timeout: 15_000 });
    expect((await call('GET', caseUrl, who.officer)).json().input.archive).toEqual([
      { kind: 'commitment-letter', sha256: sha256Of(letter) },
      { kind: 'application-material', sha256: sha256Of(licence) },
    ]);
    const archived = (await call('GET', `${caseUrl}/files`, who.divisionAdmin)).json().items;
    expect(archived.map((f: { kind: string; source: string; name: string }) => [f.kind, f.source, f.name])).toEqual([
      ['commitment-letter', 'upload', '告知承诺书.pdf'],
      ['application-material', 'url', '营业执照副本.pdf'],
    ]);

    // The supervising division reads the archive (L9) and adds its own papers to its task.
    const licenceFile = archived[1];
    const download = await call('GET', licenceFile.contentUrl, who.divisionAdmin);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(licence)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain(encodeURIComponent('营业执照副本.pdf'));

    const taskId = `${input.caseNo}:1`;
    const task = (step: string) => `/api/tasks/${encodeURIComponent(taskId)}/${step}`;
    await call('POST', task('view'), who.divisionAdmin);
    const add = async (kind: string, name: string, bytes: Buffer) => {
      const res = await upload(`${task('files')}?kind=${kind}`, who.divisionAdmin, name, bytes);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: number; sha256: string };
    };
    const record = await add('inspection-record', '现场检查记录.pdf', pdfBytes(`inspection ${input.caseNo}`));
    const photos = [await add('inspection-photo', 'IMG_0001.JPG', jpegBytes(`photo 1 ${input.caseNo}`)), await add('inspection-photo', '冷库.png', pngBytes(`photo 2 ${input.caseNo}`))];
    // A photo is not a rectification order: refused with the kinds the step takes.
    const wrongKind = await call('POST', task('rectification-orders'), who.divisionAdmin, { dueDate: '2026-12-31', requirements: '整改', files: [photos[0]!.id] });
    expect(wrongKind.statusCode).toBe(422);
    expect(wrongKind.json().problems).toEqual([expect.objectContaining({ field: 'body/files/0', rule: 'kind' })]);

    let res = await call('POST', task('inspections'), who.divisionAdmin, { inspectedAt: new Date().toISOString(), result: 'noncompliant', findings: '冷库温度超标', files: [record.id, ...photos.map((p) => p.id)] });
    expect(res.statusCode, res.body).toBe(200);
    const inspected = res.json().timeline.find((e: { action: string }) => e.action === 'inspection.recorded');
    expect(inspected.files).toEqual([record, ...photos].map(({ id, sha256 }) => ({ id, sha256 })));

    const order = await add('rectification-order', '责令整改通知书.pdf', pdfBytes(`order ${input.caseNo}`));
    const dueDate = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
    res = await call('POST', task('rectification-orders'), who.divisionAdmin, { dueDate, requirements: '七日内整改', files: [order.id] });
    expect(res.statusCode, res.body).toBe(200);
    const report = await add('rectification-report', '整改报告.pdf', pdfBytes(`report ${input.caseNo}`));
    const evidence = await add('rectification-evidence', '整改后照片.jpg', jpegBytes(`evidence ${input.caseNo}`));
    res = await call('POST', task('rectification-reports'), who.divisionAdmin, { report: '已整改', files: [report.id, evidence.id] });
    expect(res.statusCode, res.body).toBe(200);
    await call('POST', task('inspections'), who.divisionAdmin, { inspectedAt: new Date().toISOString(), result: 'noncompliant', findings: '仍未整改到位' });
    const proposal = await add('revocation-proposal', '撤销建议书.pdf', pdfBytes(`proposal ${input.caseNo}`));
    res = await call('POST', task('revocation-proposals'), who.divisionAdmin, { reason: '整改后仍不符合许可条件', files: [proposal.id] });
    expect(res.statusCode, res.body).toBe(200);

    // The division cannot add the approval department's papers, nor use them.
    expect((await upload(`${caseUrl}/files?kind=revocation-decision`, who.divisionAdmin, 'x.pdf', pdfBytes('x'))).statusCode).toBe(403);
    const decisionUpload = await upload(`${caseUrl}/files?kind=revocation-decision`, who.officer, '撤销结果决定书.pdf', pdfBytes(`decision ${input.caseNo}`));
    expect(decisionUpload.statusCode, decisionUpload.body).toBe(201);
    const decision = decisionUpload.json();
    // A task's file does not go into the department's decision.
    const borrowed = await call('POST', `${caseUrl}/decisions`, who.officer, { kind: 'revocation', taskId, decision: 'revoke', reason: '撤销', files: [proposal.id] });
    expect(borrowed.json().problems).toEqual([expect.objectContaining({ field: 'body/files/0', rule: 'other-step' })]);
    res = await call('POST', `${caseUrl}/decisions`, who.officer, { kind: 'revocation', taskId, decision: 'revoke', reason: '整改后仍不符合许可条件', documentNo: '连市监撤〔2026〕1号', files: [decision.id] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().timeline.find((e: { action: string }) => e.action === 'revocation.decided').files).toEqual([{ id: decision.id, sha256: decision.sha256 }]);

    // Every file of the case: downloadable by each who reads the case, not found for the others.
    const all = (await call('GET', `${caseUrl}/files`, who.auditor)).json().items as { id: number; contentUrl: string; sha256: string }[];
    expect(all).toHaveLength(10);
    for (const file of all) {
      for (const reader of [who.officer, who.divisionAdmin, who.auditor, who.records]) {
        const got = await call('GET', file.contentUrl, reader);
        expect(got.statusCode).toBe(200);
        expect(sha256Of(got.rawPayload)).toBe(file.sha256);
      }
      for (const stranger of [who.siblingDivision, who.otherRegion]) expect((await call('GET', file.contentUrl, stranger)).statusCode).toBe(404);
      expect((await call('GET', `/api/files/${file.id}`, who.otherDeptOfficer)).statusCode).toBe(404);
    }
    // A direct link: pre-signed by the S3 store, straight from it; the folder store has none.
    const link = await call('GET', `/api/files/${all[0]!.id}/link`, who.auditor);
    if (storeKind === 's3') {
      expect(link.statusCode).toBe(200);
      const direct = await fetch(link.json().url);
      expect(sha256Of(Buffer.from(await direct.arrayBuffer()))).toBe(all[0]!.sha256);
    } else {
      expect(link.statusCode).toBe(409);
    }
    expect((await call('GET', `/api/files/${all[0]!.id}/link`, who.siblingDivision)).statusCode).toBe(404);
    // Each download is in the audit trail, by who and which file.
    const downloads = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'file.downloaded'), eq(auditLog.entityId, String(all[1]!.id))));
    expect(downloads.map((d) => d.actor).sort()).toEqual(['div-admin-1', 'div-admin-1', 'lyg-auditor', 'lyg-records', 'officer-1'].sort());

    // The portrait of the enterprise lists them.
    const portrait = (await call('GET', `/api/enterprises/${input.applicant.creditCode}`, who.auditor)).json();
    expect(portrait.files.total).toBe(10);

    // A records admin withdraws one: hidden from the others, kept, audited.
    const withdrawn = await call('POST', `/api/files/${photos[1]!.id}/withdrawal`, who.records, { reason: '误传他人照片' });
    expect(withdrawn.json()).toMatchObject({ withdrawn: { by: 'lyg-records', reason: '误传他人照片' } });
    expect((await call('GET', `/api/files/${photos[1]!.id}/content`, who.divisionAdmin)).statusCode).toBe(404);
    expect((await call('GET', `${caseUrl}/files`, who.auditor)).json().items).toHaveLength(9);
    expect((await call('GET', `${caseUrl}/files?withdrawn=true`, who.records)).json().items).toHaveLength(10);
    expect((await call('GET', `/api/files/${photos[1]!.id}/content`, who.records)).statusCode).toBe(200);
  });

  it('refuses a forged type, an oversized file and a broken upload, keeping nothing of them', async () => {
    const before = await rows();
    const url = `/api/files?kind=application-material&dept=${fixture.dept}`;
    const forged = await upload(url, who.officer, '营业执照.pdf', Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(200, 1)]));
    expect(forged.statusCode).toBe(415);
    expect(forged.json().problems).toEqual([expect.objectContaining({ field: 'body/file', rule: 'content-type' })]);
    const html = await upload(url, who.officer, 'scan.pdf', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.statusCode).toBe(415);
    const oversized = await upload(url, who.officer, '大文件.pdf', Buffer.concat([pdfBytes('big'), Buffer.alloc(64 * 1024)]));
    expect(oversized.statusCode).toBe(413);
    expect(oversized.json().problems).toEqual([expect.objectContaining({ field: 'body/file', rule: 'max-size' })]);
    const broken = await upload(url, who.officer, '中断.pdf', pdfBytes('broken upload'), { truncated: true });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().problems).toEqual([expect.objectContaining({ field: 'body/file', rule: 'incomplete' })]);
    expect(await rows()).toEqual(before);
  });

  it('stores the same bytes once, however often and by whom they are added', async () => {
    const bytes = pdfBytes(`same bytes ${storeKind}`);
    const before = await rows();
    const first = await upload(`/api/files?kind=application-material&dept=${fixture.dept}`, who.officer, 'a.pdf', bytes);
    const second = await upload(`/api/files?kind=approval-result&dept=${fixture.dept}`, who.officer, 'b.pdf', bytes);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(first.json().id).not.toBe(second.json().id);
    expect(await rows()).toEqual({ ...before, files: before.files + 2, blobs: before.blobs + 1, stored: before.stored + 1 });
  });

  it('refuses an archive whose referenced bytes are not the ones named, starting nothing', async () => {
    // Standard: the enterprise of the first case is on the dishonesty list since its revocation.
    const input = caseInput({ mode: 'standard' });
    const real = pdfBytes(`real ${input.caseNo}`);
    platform.files.set(`/files/${input.caseNo}.pdf`, real);
    const before = await rows();
    const wrongHash = { kind: 'application-material', sha256: sha256Of(pdfBytes('something else')), size: real.length, url: `${platform.origin()}/files/${input.caseNo}.pdf` };
    const res = await call('POST', '/api/cases', who.platform, { ...input, archive: [wrongHash] });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([expect.objectContaining({ field: 'body/archive/0/sha256', rule: 'sha256-mismatch' })]);
    const elsewhere = await call('POST', '/api/cases', who.platform, { ...input, archive: [{ ...wrongHash, url: 'http://example.invalid/x.pdf' }] });
    expect(elsewhere.json().problems).toEqual([expect.objectContaining({ field: 'body/archive/0/url', rule: 'origin-not-allowed' })]);
    const notUploaded = await call('POST', '/api/cases', who.platform, { ...input, archive: [{ kind: 'application-material', sha256: sha256Of(real) }] });
    expect(notUploaded.json().problems).toEqual([expect.objectContaining({ field: 'body/archive/0/sha256', rule: 'not-uploaded' })]);
    await expect(t.client.workflow.getHandle(caseWorkflowId(input.caseNo)).describe()).rejects.toThrow();
    expect(await rows()).toEqual(before);
  });
});
