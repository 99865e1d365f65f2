// Request validation: bodies are validated strictly (a number is not a string, unknown fields
// are refused); params and query strings are coerced, since everything in a URL is text. Beyond
// each schema, every string of every validated part keeps the text rule (domain/text.ts), and
// every date and instant is a real one on a day the calendar serves. Headers need no text rule:
// Node refuses control characters in them before a request reaches the app.
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import type { DataValidateFunction } from 'ajv/dist/types/index.js';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema, FastifySchemaCompiler } from 'fastify';
import { civilDateFault, civilMonthFault, instantFault } from '../../domain/calendar/served-range.js';
import { checkCreditCode } from '../../domain/credit-code.js';
import { textFault } from '../../domain/text.js';
import { CALENDAR_DAY_KEYWORD, CREDIT_CODE_KEYWORD } from '../schemas/common.js';

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, strict: false, ...options });
  // ajv-formats is CommonJS: its function sits on `.default` under NodeNext resolution.
  ajvFormats.default(ajv);
  // Dates and instants are checked by the calendar-day keyword, which says why in Chinese and
  // names the calendar's range; their `format` only documents them (OpenAPI).
  ajv.addFormat('date', true);
  ajv.addFormat('date-time', true);
  addCreditCodeKeyword(ajv);
  addCalendarDayKeyword(ajv);
  return ajv;
}

/**
 * `x-credit-code: true` on a string schema checks a unified social credit code (GB 32100-2015)
 * and reports the rule that failed, so every credit-code field of the API validates alike.
 */
function addCreditCodeKeyword(ajv: Ajv): void {
  const validate: DataValidateFunction = (enabled: boolean, data: unknown) => {
    if (!enabled || typeof data !== 'string') return true;
    const result = checkCreditCode(data);
    if (result.valid) return true;
    validate.errors = [{ keyword: `creditCode.${result.rule}`, message: result.reason, params: { rule: result.rule } }];
    return false;
  };
  ajv.addKeyword({ keyword: CREDIT_CODE_KEYWORD, type: 'string', schemaType: 'boolean', errors: true, validate });
}

const dayFaults = { date: civilDateFault, month: civilMonthFault, instant: instantFault };

/**
 * `x-calendar-day: 'date' | 'month' | 'instant'` (api/schemas/common.ts CivilDate, CivilMonth,
 * Instant) checks a real date, month or instant the calendar serves; the rule is `format` or `calendar`.
 */
function addCalendarDayKeyword(ajv: Ajv): void {
  const validate: DataValidateFunction = (kind: keyof typeof dayFaults, data: unknown) => {
    if (typeof data !== 'string') return true;
    const fault = dayFaults[kind](data);
    if (!fault) return true;
    validate.errors = [{ keyword: fault.rule, message: fault.message, params: { kind } }];
    return false;
  };
  ajv.addKeyword({ keyword: CALENDAR_DAY_KEYWORD, type: 'string', schemaType: 'string', errors: true, validate });
}

/**
 * How deep a request's JSON may nest. No request of the API nests more than a few levels; a body
 * nested thousands deep (valid JSON) would otherwise exhaust the stack of any walk over it.
 */
const MAX_DEPTH = 32;

/** ajv-style issues for every string (and object key) in a value that breaks the text rule. */
export function textIssues(value: unknown, path = '', depth = 0): ErrorObject[] {
  if (typeof value === 'string') {
    const fault = textFault(value);
    return fault ? [{ keyword: 'text', instancePath: path, schemaPath: '', message: fault, params: {} }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  if (depth >= MAX_DEPTH) return [{ keyword: 'depth', instancePath: path, schemaPath: '', message: `嵌套层级过深（最多 ${MAX_DEPTH} 层）`, params: {} }];
  if (Array.isArray(value)) return value.flatMap((item, i) => textIssues(item, `${path}/${i}`, depth + 1));
  return Object.entries(value).flatMap(([key, item]) => {
    const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return [...textIssues(key, at), ...textIssues(item, at, depth + 1)];
  });
}

/** A schema's validator that also applies the text rule, reporting every problem of both at once. */
function withTextRule(validate: ValidateFunction): ValidateFunction {
  const checked = ((data: unknown, context?: Parameters<ValidateFunction>[1]) => {
    const valid = validate(data, context);
    const issues = [...(valid ? [] : (validate.errors ?? [])), ...textIssues(data)];
    checked.errors = issues.length > 0 ? issues : null;
    return issues.length === 0;
  }) as ValidateFunction;
  // Fastify hands ajv's functions their parent, so a coerced root value lands on the request.
  checked.schemaEnv = validate.schemaEnv;
  return checked;
}

/** Whether a body schema is a CSV file: its cells get the text rule from parseCsv, with row and column. */
const isCsvFile = (schema: unknown) => (schema as { contentMediaType?: unknown }).contentMediaType === 'text/csv';

const strict = makeAjv({ coerceTypes: false });
const coercing = makeAjv({ coerceTypes: 'array' });

/** The API's validator compiler; a route that replaces it for one part hands the others back to it. */
export const requestValidatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) => {
  const validate = (httpPart === 'body' ? strict : coercing).compile(schema as object);
  return httpPart === 'body' && isCsvFile(schema) ? validate : withTextRule(validate);
};

/** Installs the validator compilers on an app. */
export function installValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(requestValidatorCompiler);
}
