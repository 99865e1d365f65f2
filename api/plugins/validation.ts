// Request validation: bodies are validated strictly (a number is not a string, unknown fields
// are refused); params and query strings are coerced, since everything in a URL is text.
import { Ajv, type Options } from 'ajv';
import type { DataValidateFunction } from 'ajv/dist/types/index.js';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { checkCreditCode } from '../../domain/credit-code.js';
import { CREDIT_CODE_KEYWORD } from '../schemas/common.js';

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, strict: false, ...options });
  // ajv-formats is CommonJS: its function sits on `.default` under NodeNext resolution.
  ajvFormats.default(ajv);
  addCreditCodeKeyword(ajv);
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

/** Installs the validator compilers on an app. */
export function installValidation(app: FastifyInstance): void {
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}
