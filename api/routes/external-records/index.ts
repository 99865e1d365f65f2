// /api/external-records: records from other systems about enterprises (L13) — complaints and
// reports from the 12345 hotline, inspection and penalty records of other platforms — by each
// source's signed webhook or a region admin's CSV import. Both check the same rules (credit code
// checksum, a kind the source may send, a real date not in the future), store a record once per
// source record ID (the same again answers the stored record and writes nothing; other content
// under that ID is refused, 409), and make what the source's rules say the kind raises.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../../db/audit.js';
import { externalRecordDigest, findExternalRecords, findExternalSource, storeExternalRecord, type ExternalRecordRow, type ExternalSourceRow } from '../../../db/external-records.js';
import { shanghaiDate } from '../../../domain/case/local-time.js';
import {
  externalRecordProblems,
  readExternalCsv,
  ruleFor,
  type ExternalCsvProblem,
  type ExternalRecordInput,
  type RaisedState,
  SOURCE_CODE_PATTERN,
} from '../../../domain/external-records.js';
import { acceptCsvBodies, CSV_BODY_LIMIT, CsvFileSchema, csvRefusal, parseCsv } from '../../csv/csv.js';
import { HttpError, found, unprocessable } from '../../errors.js';
import { externalStarter, raiseForRecord, RECORD_ENTITY, recordEntityId } from '../../external-raise.js';
import { principalOf, resourceScope } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { RecordAnswerSchema, recordCsvDescription, RecordCsvErrorSchema, RecordImportQuerySchema, RecordImportResultSchema, RecordInputSchema, WebhookParams } from '../../schemas/external.js';

/** The headers of a signed call, as the outbox relay signs its own (activities/adapters/http-delivery.ts). */
export const TIMESTAMP_HEADER = 'x-shenguan-timestamp';
export const SIGNATURE_HEADER = 'x-shenguan-signature';
/** How old (or how far ahead) a signed call's timestamp may be: older ones are refused as replays. */
export const SIGNATURE_MAX_AGE_SECONDS = 300;
/** Largest webhook body. */
const WEBHOOK_BODY_LIMIT = 64 * 1024;
const SOURCE_CODE = new RegExp(SOURCE_CODE_PATTERN);
/** Records listed in an import's answer at most. */
const RECORDS_SHOWN = 200;

/** `sha256=<hex>` of HMAC-SHA256(secret, timestamp + "." + body), over the body's raw bytes. */
export function signRecordBody(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

const refused = (why: string) => new HttpError(401, 'unauthenticated', `签名校验未通过：${why}`);

/** Why a signed call is refused, or undefined when its signature is the source's (compared in constant time). */
export function signatureFault(source: ExternalSourceRow | undefined, timestamp: unknown, signature: unknown, body: Buffer, nowMs: number): string | undefined {
  // An unknown or inactive source answers as a bad signature: the webhook does not tell which sources exist.
  if (!source || !source.active) return '来源未知、未启用或签名不符';
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) return `缺少或无效的 ${TIMESTAMP_HEADER}（Unix 秒）`;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_MAX_AGE_SECONDS) return `时间戳与服务器时间相差超过 ${SIGNATURE_MAX_AGE_SECONDS / 60} 分钟，视为重放，已拒绝`;
  if (typeof signature !== 'string' || !/^sha256=[0-9a-f]{64}$/.test(signature)) return `缺少或无效的 ${SIGNATURE_HEADER}（sha256=<hex>）`;
  const expected = Buffer.from(signRecordBody(source.secret, timestamp, body));
  return timingSafeEqual(expected, Buffer.from(signature)) ? undefined : '来源未知、未启用或签名不符';
}

/** A stored record as the API answers it. */
function present({ id: _id, digest: _digest, ...row }: ExternalRecordRow) {
  return row;
}

/** The 422 answer for a refused file. */
const csvError = (problems: ExternalCsvProblem[]) => csvRefusal('外部记录', problems);

const today = () => shanghaiDate(new Date());

const externalRecordsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptCsvBodies(app);
  // The webhook's signature covers the body's bytes as sent: JSON bodies are kept raw here (this
  // plugin only) and parsed by Fastify's own parser (prototype poisoning refused) afterwards.
  const rawBodies = new WeakMap<FastifyRequest, Buffer>();
  const verifiedSources = new WeakMap<FastifyRequest, ExternalSourceRow>();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (request, body, done) => {
    rawBodies.set(request, body as Buffer);
    void parseJson(request, (body as Buffer).toString('utf8'), done);
  });

  app.post(
    '/:source',
    {
      // Public: no bearer token. The source's signature is the authentication, checked before the
      // body is validated (preValidation), so an unsigned caller learns nothing of the schema.
      config: { access: { public: true } },
      preValidation: async (request) => {
        // Before validation: a code that cannot be one is unknown without asking the database.
        const { source: code } = request.params as { source: string };
        const source = SOURCE_CODE.test(code) ? await findExternalSource(app.db, code) : undefined;
        const fault = signatureFault(source, request.headers[TIMESTAMP_HEADER], request.headers[SIGNATURE_HEADER], rawBodies.get(request) ?? Buffer.alloc(0), Date.now());
        if (fault) throw refused(fault);
        verifiedSources.set(request, source!);
      },
      schema: {
        tags: ['enterprises'],
        summary: 'A source sends one record (signed webhook)',
        description:
          `Signed like the outbox's own calls: \`X-Shenguan-Timestamp: <Unix seconds>\` and \`X-Shenguan-Signature: sha256=<hex HMAC-SHA256(key, timestamp + "." + raw body)>\` with the source's key; ` +
          `a timestamp more than ${SIGNATURE_MAX_AGE_SECONDS / 60} minutes off, an unknown or inactive source, or a wrong signature: 401. 201 with the stored record; the same record ID again: 200 with the stored record, ` +
          'nothing written; other content under the same ID: 409 (a correction is a new record). A kind the source’s rules name raises a spot-check case for the responsible division ' +
          '(`raised: task`, the case number in `raisedRef`) or a problem record.',
        params: WebhookParams,
        body: RecordInputSchema,
        response: { 201: RecordAnswerSchema, 200: RecordAnswerSchema, 400: ErrorSchema, 401: ErrorSchema, 409: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const source = verifiedSources.get(request)!;
      const input = request.body as ExternalRecordInput;
      const problems = externalRecordProblems(input, source, today());
      if (problems.length > 0) throw unprocessable(problems);
      const digest = externalRecordDigest(input);
      const { inserted, row } = await app.db.transaction(async (tx) => {
        const stored = await storeExternalRecord(tx, { ...input, source: source.code, digest, via: 'webhook', raised: ruleFor(source.rules, input.kind) ? 'pending' : 'none' });
        if (stored.inserted) {
          await recordAudit(tx, {
            actor: externalStarter(source.code),
            action: 'external-record.received',
            entity: RECORD_ENTITY,
            entityId: recordEntityId(stored.row),
            details: { via: 'webhook', creditCode: input.creditCode, kind: input.kind, occurredOn: input.occurredOn },
          });
        }
        return stored;
      });
      if (!inserted && row.digest !== digest) throw new HttpError(409, 'conflict', `来源 ${source.code} 的记录 ${input.recordId} 已以不同内容报送过，未覆盖；更正请以新的记录编号报送`);
      const now = await raiseForRecord(app, source, row);
      return reply.status(inserted ? 201 : 200).send({ ...present(now), created: inserted });
    },
  );

  app.post(
    '/import',
    {
      // A region's admin loads a source's file by hand, for a source of its region (another
      // region's source answers as one that does not exist).
      config: {
        access: {
          roles: ['region_admin'],
          scope: async (request) => {
            const { source } = request.query as { source: string };
            const what = `数据来源 ${source} `;
            return resourceScope(what, { region: found(await findExternalSource(app.db, source), what).region });
          },
        },
      },
      schema: {
        tags: ['enterprises'],
        summary: 'Import a source’s records from CSV, all or nothing',
        description:
          `${recordCsvDescription} Any problem — a rule broken, a record ID twice in the file, a record ID the source sent before with other content — is answered 422 listing every one, and nothing is written. ` +
          `Records sent before as they are count as unchanged. After the import, each record makes what its kind raises (a record whose raise could not be made stays pending and is tried again by the next import of it). Audited once. Limit ${CSV_BODY_LIMIT / 1024 / 1024} MB.`,
        consumes: ['text/csv'],
        querystring: RecordImportQuerySchema,
        body: CsvFileSchema,
        response: { 200: RecordImportResultSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 422: RecordCsvErrorSchema },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const source = (await findExternalSource(app.db, request.query.source))!;
      if (!source.active) throw new HttpError(409, 'conflict', `数据来源 ${source.code} 已停用，不能导入`);
      const parsed = parseCsv(request.body);
      if ('problems' in parsed) return reply.status(422).send(csvError(parsed.problems));
      const read = readExternalCsv(parsed.records, source, today());
      if (!read.ok) return reply.status(422).send(csvError(read.problems));
      const outcome = await app.db.transaction(async (tx) => {
        const stored = new Map((await findExternalRecords(tx, source.code, read.rows.map((r) => r.recordId))).map((r) => [r.recordId, r]));
        const problems: ExternalCsvProblem[] = [];
        const fresh: typeof read.rows = [];
        const records: ExternalRecordRow[] = [];
        for (const row of read.rows) {
          const before = stored.get(row.recordId);
          if (!before) fresh.push(row);
          else if (before.digest === externalRecordDigest(row)) records.push(before);
          else problems.push({ row: row.line, column: 'record_id', rule: 'conflict', problem: `记录编号 ${row.recordId} 已以不同内容报送过，未覆盖；更正请用新的记录编号` });
        }
        if (problems.length > 0) return { ok: false as const, problems };
        const unchanged = records.length;
        for (const { line: _line, ...row } of fresh) {
          const result = await storeExternalRecord(tx, { ...row, source: source.code, digest: externalRecordDigest(row), via: 'csv', raised: ruleFor(source.rules, row.kind) ? 'pending' : 'none' });
          records.push(result.row);
        }
        await recordAudit(tx, {
          actor: principal.sub,
          action: 'external-record.imported',
          entity: RECORD_ENTITY,
          entityId: source.code,
          reason: request.query.reason,
          details: { via: 'csv', source: source.code, inserted: fresh.map((r) => r.recordId), unchanged },
        });
        return { ok: true as const, inserted: fresh.length, unchanged, records };
      });
      if (!outcome.ok) return reply.status(422).send(csvError(outcome.problems));
      // Raised after the commit: the records stand whatever Temporal does; a failed start stays pending.
      const raised: Record<RaisedState, number> = { none: 0, task: 0, problem: 0, pending: 0 };
      const shown: ExternalRecordRow[] = [];
      for (const record of outcome.records) {
        const now = await raiseForRecord(app, source, record).catch((error: unknown) => {
          request.log.warn({ err: error, source: source.code, recordId: record.recordId }, 'external record raise failed; left pending');
          return record;
        });
        raised[now.raised as RaisedState] += 1;
        if (now.raised !== 'none' || now.raisedNote !== null) shown.push(now);
      }
      return {
        inserted: outcome.inserted,
        unchanged: outcome.unchanged,
        raised,
        records: shown.slice(0, RECORDS_SHOWN).map((r) => ({ recordId: r.recordId, raised: r.raised, raisedRef: r.raisedRef, raisedNote: r.raisedNote })),
      };
    },
  );
};

export default externalRecordsRoutes;
