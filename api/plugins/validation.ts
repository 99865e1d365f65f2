// Request validation: bodies are validated strictly (a number is not a string, unknown fields
// are refused); params and query strings are coerced, since everything in a URL is text.
import { Ajv, type Options } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, strict: false, ...options });
  // ajv-formats is CommonJS: its function sits on `.default` under NodeNext resolution.
  ajvFormats.default(ajv);
  return ajv;
}

/** Installs the validator compilers on an app. */
export function installValidation(app: FastifyInstance): void {
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}
