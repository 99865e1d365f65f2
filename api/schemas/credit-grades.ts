// Schemas of the credit grades the public credit platform sends (信用等级, L12).
import { Type } from '@sinclair/typebox';
import { CREDIT_GRADES, GRADE_CSV_COLUMNS, gradeNames } from '../../domain/credit-grade.js';
import { CivilDate, CreditCode } from './common.js';
import { Reason } from './organisation.js';

/** A credit grade. */
export const GradeSchema = Type.Union(
  CREDIT_GRADES.map((g) => Type.Literal(g)),
  { description: CREDIT_GRADES.map((g) => `${g} ${gradeNames[g]}`).join('，') },
);

/** The day the platform graded the enterprise. */
export const GradedOn = CivilDate('The day the credit platform graded the enterprise; not in the future');

/** Params naming an enterprise. */
export const CreditCodeParams = Type.Object({ creditCode: CreditCode });

/** Body of PUT /api/credit-grades/:creditCode. */
export const CreditGradeInputSchema = Type.Object({ grade: GradeSchema, gradedOn: GradedOn, reason: Reason }, { additionalProperties: false });

/** A stored grade. */
export const CreditGradeSchema = Type.Object({
  creditCode: Type.String(),
  grade: GradeSchema,
  gradeName: Type.String({ description: '守信 / 基本守信 / 失信 / 严重失信' }),
  gradedOn: Type.String({ description: 'YYYY-MM-DD' }),
  source: Type.Union([Type.Literal('api'), Type.Literal('csv')], { description: 'api: the platform’s call; csv: an import' }),
  updatedBy: Type.String(),
  updatedAt: Type.String(),
});

/** Answer of PUT: the grade as stored, and what the call did. */
export const CreditGradePutResultSchema = Type.Object({
  ...CreditGradeSchema.properties,
  result: Type.Union([Type.Literal('inserted'), Type.Literal('updated'), Type.Literal('unchanged')], { description: 'unchanged: the same grade of the same day again (nothing written)' }),
});

/** Answer of an import. */
export const GradeImportResultSchema = Type.Object({
  inserted: Type.Integer({ description: 'Enterprises graded for the first time' }),
  updated: Type.Integer({ description: 'Grades replaced by a newer (or same-day corrected) one' }),
  unchanged: Type.Integer({ description: 'Rows already as stored' }),
  stale: Type.Integer({ description: 'Rows dated before the stored grade: kept out, the stored grade stays' }),
  staleRows: Type.Array(Type.Integer(), { description: 'Lines of the stale rows (at most 100)' }),
});

/** One problem of a grades file. */
export const GradeCsvProblemSchema = Type.Object({
  row: Type.Integer({ description: 'Line of the file, 1-based; the header is line 1' }),
  column: Type.String({ description: 'Header name of the column ("" when the whole row is concerned)' }),
  rule: Type.String({ description: 'parse, text, header, missing_column, unknown_column, field_count, required, format, calendar, future_date, out_of_region, duplicate' }),
  problem: Type.String({ description: 'What is wrong (Chinese)' }),
});

/** 422 answer of a grades import: every problem of the file; nothing was written. */
export const GradeCsvErrorSchema = Type.Object(
  {
    statusCode: Type.Literal(422),
    error: Type.Literal('csv_invalid'),
    message: Type.String(),
    problems: Type.Array(GradeCsvProblemSchema),
  },
  { description: 'The file was refused as a whole and nothing was written; `problems` name a line and a column of the file.' },
);

/** The format of the grades file, for the OpenAPI document. */
export const gradeCsvDescription =
  `UTF-8 CSV (a BOM is allowed; \`charset=gbk\` or \`gb18030\` is accepted when declared), header row \`${GRADE_CSV_COLUMNS.join(',')}\` (any order); ` +
  '`grade` is A, B, C or D; `graded_on` is YYYY-MM-DD.';
