// fast-check arbitraries from the JSON schemas of the OpenAPI document: values valid for a schema
// (preferring the real codes of the fixture, so requests get past "not found" into the handlers),
// the same values with one place mutated into something hostile, and raw strings for URLs.
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import fc from 'fast-check';

/** The subset of JSON Schema the API's TypeBox schemas produce. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  'x-credit-code'?: boolean;
}

/** Real values by field name (an array's items by `name[]`), used whenever the schema accepts them. */
export type Hints = Record<string, readonly unknown[]>;

const ajv = new Ajv({ strict: false, allErrors: false });
ajvFormats.default(ajv);
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/** Whether a value satisfies a schema (the credit-code keyword aside: hints carry real codes). */
export function satisfies(schema: JsonSchema, value: unknown): boolean {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate(value);
}

/** Valid dates, months and instants, tried first against date-like patterns. */
const dateLike = fc.oneof(
  fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 7)),
);
const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

/** Strings that break things: control characters, broken UTF-16, odd scripts, paths, odd dates. */
export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u0007\u001b[31m\r\n',
  '😀👨‍👩‍👧',
  '\u202eabc\u202c',
  'مرحبا',
  '../../../etc/passwd',
  '..%2f..%2f',
  "'; drop table people; --",
  '<script>alert(1)</script>',
  '=HYPERLINK("x")',
  '%00',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  '３２０７００',
  '٣٢٠٧٠٠',
  'a'.repeat(10_000),
  '字'.repeat(5_000),
  '0001-01-01',
  '9999-12-31',
  '2016-12-31T23:59:60Z',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '2024-02-29',
  '2025-02-29',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2026-01-01T00:00:00+25:00',
  '2026-W01',
  '0000-01',
  '2026-00',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '9007199254740993',
  '99999999999999999999',
  'null',
  'true',
];

/** Values of the wrong kind, or numbers at the edges. */
const hostileOthers: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 53),
  1e308,
  -1e308,
  Number.MIN_VALUE,
  [],
  [null],
  {},
  JSON.parse('{"__proto__":{"polluted":1}}'),
  [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]],
];

/** A hostile value for a place of `schema`: generic ones, the schema's own edges, a valid value spoilt. */
export function hostileFor(schema: JsonSchema, valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const edges: unknown[] = [];
  if (schema.maxLength !== undefined) edges.push('x'.repeat(schema.maxLength), 'x'.repeat(schema.maxLength + 1));
  if (schema.minLength !== undefined && schema.minLength > 0) edges.push('x'.repeat(schema.minLength - 1));
  if (schema.minimum !== undefined) edges.push(schema.minimum, schema.minimum - 1, schema.minimum - 0.5);
  if (schema.maximum !== undefined) edges.push(schema.maximum, schema.maximum + 1);
  if (schema.maxItems !== undefined) edges.push(Array.from({ length: schema.maxItems + 1 }, () => 'x'));
  const spoilt = valid.chain((value) =>
    typeof value === 'string'
      ? fc.constantFrom(`${value}\u0000`, `${value}\ud800`, ` ${value}`, `${value}/../x`, value.toLowerCase(), value.repeat(50), `${value}😀`)
      : fc.constant(value === null ? 'null' : JSON.stringify(value)),
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
    { weight: 2, arbitrary: fc.constantFrom(...hostileOthers) },
    { weight: 2, arbitrary: edges.length ? fc.constantFrom(...edges) : fc.constantFrom(...hostileOthers) },
    { weight: 2, arbitrary: spoilt },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  );
}

const typeOf = (schema: JsonSchema): string | undefined => (Array.isArray(schema.type) ? schema.type[0] : schema.type);

/** Values valid for `schema` (up to what fast-check can generate from a pattern), real ones first. */
export function validFor(schema: JsonSchema, hints: Hints, name = ''): fc.Arbitrary<unknown> {
  const generated = generate(schema, hints, name);
  const real = (hints[name] ?? []).filter((value) => satisfies(schema, value) || (schema['x-credit-code'] === true && typeof value === 'string'));
  return real.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: generated }) : generated;
}

function generate(schema: JsonSchema, hints: Hints, name: string): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((variant) => validFor(variant, hints, name)));
  switch (typeOf(schema)) {
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? Math.max(1000, (schema.minimum ?? 0) + 1000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = validFor(schema.items ?? {}, hints, `${name}[]`);
      const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, Math.max(schema.minItems ?? 0, 3)) };
      return schema.uniqueItems ? fc.uniqueArray(items, { ...constraints, selector: (v) => JSON.stringify(v) }) : fc.array(items, constraints);
    }
    case 'object':
    case undefined: {
      if (!schema.properties) return typeOf(schema) === 'object' ? fc.constant({}) : fc.jsonValue({ maxDepth: 2 });
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, child] of Object.entries(schema.properties)) model[key] = validFor(child, hints, key);
      const requiredKeys = schema.required ?? [];
      const record = fc.record(model, { requiredKeys });
      // minProperties asks for at least one optional field beside the required ones.
      return schema.minProperties ? record.filter((value) => Object.keys(value).length >= schema.minProperties!) : record;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const fits = (s: string) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity);
  if (schema.format === 'date') return dateLike.filter((s) => s.length === 10);
  if (schema.format === 'date-time') return instant;
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    const matching = fc.stringMatching(pattern).filter(fits);
    // Date and month patterns accept impossible dates too; real ones reach further into handlers.
    return pattern.test('2026-03-02') || pattern.test('2026-03') ? fc.oneof({ weight: 3, arbitrary: dateLike.filter((s) => pattern.test(s)) }, { weight: 1, arbitrary: matching }) : matching;
  }
  const maxLength = Math.min(schema.maxLength ?? 30, Math.max(schema.minLength ?? 0, 30));
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: schema.minLength ?? 0, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: schema.minLength ?? 0, maxLength }).filter(fits) },
  );
}

/** One place in a value, with the schema that governs it. */
interface Place {
  path: (string | number)[];
  schema: JsonSchema;
  present: boolean;
}

function placesOf(value: unknown, schema: JsonSchema, path: (string | number)[] = []): Place[] {
  const places: Place[] = [{ path, schema, present: true }];
  const variant = schema.anyOf?.find((v) => typeOf(v) === (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value)) ?? schema;
  if (Array.isArray(value)) value.forEach((item, i) => places.push(...placesOf(item, variant.items ?? {}, [...path, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(variant.properties ?? {})) {
      if (key in value) places.push(...placesOf((value as Record<string, unknown>)[key], child, [...path, key]));
      else places.push({ path: [...path, key], schema: child, present: false });
    }
  }
  return places;
}

function setAt(root: unknown, path: (string | number)[], change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  if (path.length === 0) return root;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, path[path.length - 1]!);
  return copy;
}

/** A value and what was done to it. */
export interface Mutated {
  value: unknown;
  mutation: string;
}

/**
 * A valid value with one place replaced by a hostile one, removed, or (for an object) joined by
 * an unknown field; `mutable` says which places may change (default: any).
 */
export function mutatedFor(schema: JsonSchema, hints: Hints, mutable: (path: (string | number)[]) => boolean = () => true): fc.Arbitrary<Mutated> {
  return validFor(schema, hints).chain((valid) => {
    const places = placesOf(valid, schema).filter((place) => mutable(place.path));
    if (places.length === 0) return fc.constant({ value: valid, mutation: 'none' });
    return fc.constantFrom(...places).chain((place) => {
      const where = `/${place.path.join('/')}`;
      const replace = hostileFor(place.schema, validFor(place.schema, hints, String(place.path[place.path.length - 1] ?? ''))).map((hostile) => ({
        value: place.path.length ? setAt(valid, place.path, (parent, key) => void (parent[key] = hostile)) : hostile,
        mutation: `replace ${where}`,
      }));
      const options: fc.Arbitrary<Mutated>[] = [replace];
      if (place.present && place.path.length) options.push(fc.constant({ value: setAt(valid, place.path, (parent, key) => void delete parent[key]), mutation: `remove ${where}` }));
      const here = place.path.reduce<unknown>((at, key) => (at as Record<string | number, unknown> | undefined)?.[key], valid);
      if (place.present && place.path.length && here !== null && typeof here === 'object' && !Array.isArray(here)) {
        const add = (key: string) => setAt(valid, place.path, (parent, at) => void (parent[at] = { ...(here as object), [key]: 'x' }));
        options.push(fc.constantFrom('__proto__', 'constructor', 'extra', '').map((key) => ({ value: add(key), mutation: `add ${where}/${key}` })));
      }
      return fc.oneof(...options);
    });
  });
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) goes out as its WTF-8
 * bytes, the way a careless client would send it.
 */
export function encodeLoose(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(char);
  }
  return out;
}
