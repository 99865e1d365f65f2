// Schemas of the records other systems send (L13): the configured sources and their records.
import { Type } from '@sinclair/typebox';
import { EXTERNAL_CSV_COLUMNS, externalKindNames, externalKinds, raiseActions, raisedStates, RECORD_ID_PATTERN, SOURCE_CODE_PATTERN } from '../../domain/external-records.js';
import { CreditCode } from './common.js';
import { GradeCsvProblemSchema } from './credit-grades.js';
import { Reason, RegionCode } from './organisation.js';

const Kind = Type.Union(
  externalKinds.map((k) => Type.Literal(k)),
  { description: externalKinds.map((k) => `${k} ${externalKindNames[k]}`).join('，') },
);
const SourceCode = Type.String({ pattern: SOURCE_CODE_PATTERN, description: 'Source code: 2–16 letters and digits, e.g. 12345' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Kinds = Type.Array(Kind, { minItems: 1, maxItems: externalKinds.length, uniqueItems: true, description: 'The kinds of record the source may send' });
const Secret = Type.String({ pattern: '^[\\x21-\\x7e]{32,200}$', description: 'HMAC-SHA256 key of the webhook (32–200 printable ASCII characters); never answered back' });

const Rule = Type.Object(
  {
    kind: Kind,
    raises: Type.Union(raiseActions.map((a) => Type.Literal(a)), { description: 'task: a spot-check case for the responsible division; problem: a problem record (问题线索)' }),
    taskModes: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 8, description: 'Raise a task only for an enterprise with a task of one of these modes, e.g. ["postCheck"], for the division of its latest such task' }),
    ),
  },
  { additionalProperties: false },
);
const Rules = Type.Array(Rule, { maxItems: externalKinds.length, description: 'What each kind raises when it arrives; a kind without a rule raises nothing' });

/** Params naming a source. */
export const SourceParams = Type.Object({ code: SourceCode });
/** Params of the webhook. */
export const WebhookParams = Type.Object({ source: SourceCode });

/** Body of POST /api/external-sources. */
export const SourceInputSchema = Type.Object(
  {
    code: SourceCode,
    name: Name,
    region: RegionCode,
    kinds: Kinds,
    rules: Type.Optional(Rules),
    secret: Type.Optional(Secret),
    reason: Reason,
  },
  { additionalProperties: false },
);

/** Body of PATCH /api/external-sources/:code. */
export const SourcePatchSchema = Type.Object(
  {
    name: Type.Optional(Name),
    kinds: Type.Optional(Kinds),
    rules: Type.Optional(Rules),
    active: Type.Optional(Type.Boolean({ description: 'false: the webhook refuses the source (401), imports too' })),
    secret: Type.Optional(Secret),
    rotateSecret: Type.Optional(Type.Boolean({ description: 'true: the server generates a new key and answers it once' })),
    reason: Reason,
  },
  { additionalProperties: false },
);

/** A source as the API shows it: never its key. */
export const SourceSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  region: Type.String(),
  kinds: Type.Array(Type.String()),
  rules: Type.Array(Rule),
  active: Type.Boolean(),
  createdBy: Type.String(),
  updatedAt: Type.String(),
  secret: Type.Optional(Type.String({ description: 'Only in the answer that generated it (creation without a key, rotateSecret): keep it, it is never shown again' })),
});

/** A list of sources. */
export const SourceListSchema = Type.Array(SourceSchema);

/** Body of the webhook: one record. */
export const RecordInputSchema = Type.Object(
  {
    recordId: Type.String({ pattern: RECORD_ID_PATTERN, description: 'The source’s own ID of the record: letters, digits, - and _, at most 40' }),
    creditCode: CreditCode,
    kind: Type.String({ minLength: 1, maxLength: 32, description: `One of the kinds configured for the source: ${externalKinds.join(', ')}` }),
    occurredOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'When it happened (YYYY-MM-DD, Asia/Shanghai); not in the future' }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    summary: Type.Optional(Type.String({ maxLength: 2000 })),
    details: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 50, description: 'Anything else the source sends, kept as it is' })),
  },
  { additionalProperties: false },
);

/** A stored record. */
export const RecordSchema = Type.Object({
  source: Type.String(),
  recordId: Type.String(),
  creditCode: Type.String(),
  kind: Type.String(),
  occurredOn: Type.String(),
  title: Type.String(),
  summary: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  via: Type.String({ description: 'webhook or csv' }),
  receivedAt: Type.String(),
  raised: Type.Union(raisedStates.map((s) => Type.Literal(s)), {
    description: 'none (nothing, or why not in raisedNote), task (raisedRef: the case number), problem (raisedRef: the problem record, PR-<id>), pending (to be tried again on the next arrival)',
  }),
  raisedRef: Type.Union([Type.String(), Type.Null()]),
  raisedNote: Type.Union([Type.String(), Type.Null()]),
});

/** Answer of the webhook. */
export const RecordAnswerSchema = Type.Object({ ...RecordSchema.properties, created: Type.Boolean({ description: 'false: the source sent this record ID before (nothing written)' }) });

/** Query of the import. */
export const RecordImportQuerySchema = Type.Object({ source: SourceCode, reason: Reason });

/** Answer of an import. */
export const RecordImportResultSchema = Type.Object({
  inserted: Type.Integer({ description: 'Records stored by this import' }),
  unchanged: Type.Integer({ description: 'Records the source had sent before, as they were (nothing written)' }),
  raised: Type.Object({ none: Type.Integer(), task: Type.Integer(), problem: Type.Integer(), pending: Type.Integer() }, { description: 'What the records of the file stand at now' }),
  records: Type.Array(Type.Object({ recordId: Type.String(), raised: Type.String(), raisedRef: Type.Union([Type.String(), Type.Null()]), raisedNote: Type.Union([Type.String(), Type.Null()]) }), {
    description: 'The records that raised something or were meant to (at most 200)',
  }),
});

/** 422 of an import: every problem of the file, nothing written. */
export const RecordCsvErrorSchema = Type.Object(
  { statusCode: Type.Literal(422), error: Type.Literal('csv_invalid'), message: Type.String(), problems: Type.Array(GradeCsvProblemSchema) },
  { description: 'The file was refused as a whole and nothing was written; `problems` name a line and a column of the file.' },
);

/** The import's file, described. */
export const recordCsvDescription =
  `UTF-8 CSV (a BOM is allowed; \`charset=gbk\` when declared), header row \`${EXTERNAL_CSV_COLUMNS.join(',')}\` (any order; summary may be left out); ` +
  '`kind` one of the source’s kinds; `occurred_on` YYYY-MM-DD, not in the future; `record_id` the source’s ID (unique per source).';

/** One source's records in the portrait. */
export const PortraitSourceRecordsSchema = Type.Object({
  source: Type.String(),
  sourceName: Type.String(),
  region: Type.String(),
  total: Type.Integer({ description: 'All records of this source about the enterprise' }),
  byKind: Type.Array(Type.Object({ kind: Type.String(), total: Type.Integer() })),
  items: Type.Array(Type.Omit(RecordSchema, ['creditCode', 'via'])),
});
