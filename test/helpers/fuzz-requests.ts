// Requests for one route of the OpenAPI document: valid ones, valid ones with one place spoilt,
// arbitrary JSON where the schema expects something else, and a fixed set of raw malformed ones.
import fc from 'fast-check';
import type { Role } from '../../domain/access.js';
import { encodeLoose, mutatedFor, validFor, type Hints, type JsonSchema } from './schema-arbitrary.js';

/** One operation of the OpenAPI document, reduced to what requests are made of. */
export interface Operation {
  method: string;
  /** Fastify's form, `/api/cases/:caseNo`. */
  url: string;
  params: JsonSchema;
  query: JsonSchema;
  body?: { contentType: string; schema: JsonSchema };
  /** Roles that may call it; empty for a public route. */
  roles: readonly Role[];
}

/** A request as app.inject takes it, and how it was made. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** The route it is for, `POST /api/cases/:caseNo/materials`. */
  route: string;
  /** valid, mutated (and where), arbitrary, raw (and what). */
  kind: string;
  /** The role whose token it carries, if any; `params` and `body` as generated. */
  role?: Role;
  params: Record<string, unknown>;
  body?: unknown;
}

interface OpenApiParameter {
  in: string;
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/** Fastify's `/a/:b` as OpenAPI's `/a/{b}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The operation of a route in the document (a collection root is listed with its trailing slash). */
export function operationOf(doc: { paths: Record<string, Record<string, OpenApiOperation>> }, method: string, url: string, roles: readonly Role[]): Operation | undefined {
  const path = openApiPath(url);
  const op = (doc.paths[path] ?? doc.paths[`${path}/`] ?? doc.paths[path.replace(/\/$/, '')])?.[method.toLowerCase()];
  if (!op) return undefined;
  const group = (where: string): JsonSchema => {
    const parameters = (op.parameters ?? []).filter((p) => p.in === where);
    return {
      type: 'object',
      properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])),
      required: parameters.filter((p) => p.required).map((p) => p.name),
    };
  };
  const [contentType, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
  return { method, url, params: group('path'), query: group('query'), ...(contentType && content ? { body: { contentType, schema: content.schema } } : {}), roles };
}

/** How a request is put together: parts as generated, then serialised. */
interface Parts {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: unknown;
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value) ?? '');

function urlOf(op: Operation, parts: Parts): string {
  const path = op.url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeLoose(asText(parts.params[name])));
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(parts.query ?? {})) {
    if (value === undefined) continue;
    // An array becomes the key repeated, as a browser form sends it.
    for (const item of Array.isArray(value) ? value : [value]) pairs.push(`${encodeLoose(key)}=${encodeLoose(asText(item))}`);
  }
  return pairs.length ? `${path}?${pairs.join('&')}` : path;
}

/** What tokens a request may carry: a role's, none, or a broken one. */
export type TokenFor = (role: Role) => string;

function assemble(op: Operation, parts: Parts, kind: string, auth: { role?: Role; token?: string }): FuzzRequest {
  const headers: Record<string, string> = {};
  if (auth.token !== undefined) headers.authorization = auth.token;
  let payload: string | undefined;
  if (op.body && parts.body !== undefined) {
    headers['content-type'] = op.body.contentType;
    payload = op.body.contentType === 'application/json' ? JSON.stringify(parts.body) : asText(parts.body);
  }
  const params = parts.params && typeof parts.params === 'object' ? parts.params : {};
  return { method: op.method, url: urlOf(op, { ...parts, params }), route: `${op.method} ${op.url}`, headers, ...(payload !== undefined ? { payload } : {}), kind, params, body: parts.body, ...(auth.role ? { role: auth.role } : {}) };
}

/** The token a request carries: mostly one of a role the route allows, sometimes none or a forged one. */
function authArbitrary(op: Operation, tokenFor: TokenFor): fc.Arbitrary<{ role?: Role; token?: string }> {
  const allowed = fc.constantFrom(...(op.roles.length ? op.roles : (['auditor'] as const))).map((role) => ({ role, token: `Bearer ${tokenFor(role)}` }));
  return fc.oneof(
    { weight: 18, arbitrary: allowed },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.constantFrom('Bearer ', 'Bearer x.y.z', 'Basic YTpi', `Bearer ${'a'.repeat(9000)}`, 'Bearer \u0000').map((token) => ({ token })) },
  );
}

/** Requests for an operation from its schemas; `csvBody` makes the text of a CSV import. */
export function requestArbitrary(op: Operation, hints: Hints, tokenFor: TokenFor, csvBody: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> {
  const bodySchema: JsonSchema | undefined = op.body ? (op.body.contentType === 'application/json' ? op.body.schema : { type: 'string' }) : undefined;
  const whole: JsonSchema = {
    type: 'object',
    properties: { params: op.params, query: op.query, ...(bodySchema ? { body: bodySchema } : {}) },
    required: ['params', 'query', ...(bodySchema ? ['body'] : [])],
  };
  const valid = validFor(whole, hints).map((parts) => ({ parts: parts as Parts, kind: 'valid' }));
  // The request and its parameter groups stay objects: a place inside them is what gets spoilt.
  const mutated = mutatedFor(whole, hints, (path) => path.length > 1 || path[0] === 'body')
    .map(({ value, mutation }) => ({ parts: value as Parts, kind: `mutated: ${mutation}` }));
  const arbitrary = fc
    .record({
      params: fc.record(Object.fromEntries(Object.keys(op.params.properties ?? {}).map((name) => [name, fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 }))]))),
      query: fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(op.query.properties ?? {}), 'x'), fc.string({ maxLength: 5 })), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
      body: fc.jsonValue({ maxDepth: 3 }),
    })
    .map((parts) => ({ parts: parts as Parts, kind: 'arbitrary' }));
  const csv = op.body?.contentType === 'text/csv' ? [{ weight: 3, arbitrary: fc.tuple(valid, csvBody).map(([v, body]) => ({ parts: { ...v.parts, body }, kind: 'csv' })) }] : [];
  return fc
    .tuple(fc.oneof({ weight: 1, arbitrary: valid }, { weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: arbitrary }, ...csv), authArbitrary(op, tokenFor))
    .map(([{ parts, kind }, auth]) => assemble(op, parts, kind, auth));
}

/** Raw requests no schema describes: wrong or odd content types, broken JSON, size, methods. */
export function rawRequests(op: Operation, role: Role | undefined, token: string | undefined, sample: FuzzRequest): FuzzRequest[] {
  const headers = (extra: Record<string, string>) => ({ ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra });
  const base = { params: sample.params, url: sample.url, method: op.method, route: sample.route, ...(role ? { role } : {}) };
  const raw = (kind: string, extra: Partial<FuzzRequest> & { headers: Record<string, string> }): FuzzRequest => ({ ...base, kind: `raw: ${kind}`, ...extra });
  const json = sample.payload ?? '{}';
  const requests: FuzzRequest[] = [
    raw('json body as text/plain', { headers: headers({ 'content-type': 'text/plain' }), payload: json }),
    raw('xml content type', { headers: headers({ 'content-type': 'application/xml' }), payload: '<a/>' }),
    raw('json as text/csv', { headers: headers({ 'content-type': 'text/csv' }), payload: json }),
    raw('csv as json', { headers: headers({ 'content-type': 'application/json' }), payload: 'code,name\nA,B\n' }),
    raw('truncated json', { headers: headers({ 'content-type': 'application/json' }), payload: json.slice(0, Math.max(1, json.length - 3)) }),
    raw('json with BOM', { headers: headers({ 'content-type': 'application/json' }), payload: `\uFEFF${json}` }),
    raw('json, utf-16 charset', { headers: headers({ 'content-type': 'application/json; charset=utf-16' }), payload: json }),
    raw('csv, unknown charset', { headers: headers({ 'content-type': 'text/csv; charset=x-unknown' }), payload: 'a,b\n' }),
  ];
  // Big bodies only where a body is read, to keep the run short.
  if (op.body) requests.push(
    raw('deeply nested json', { headers: headers({ 'content-type': 'application/json' }), payload: `${'['.repeat(50_000)}${']'.repeat(50_000)}` }),
    raw('2 MB body', { headers: headers({ 'content-type': 'application/json' }), payload: JSON.stringify({ reason: 'x'.repeat(2 * 1024 * 1024) }) }),
    raw('6 MB csv', { headers: headers({ 'content-type': 'text/csv' }), payload: `code,name\n${'A,B\n'.repeat(1_600_000)}` }),
  );
  requests.push(
    raw('empty body with json type', { headers: headers({ 'content-type': 'application/json' }), payload: '' }),
    raw('very long url', { headers: headers({}), url: `${sample.url}${sample.url.includes('?') ? '&' : '?'}x=${'a'.repeat(100_000)}` }),
    raw('very long path', { headers: headers({}), url: `${op.url.replace(/:([A-Za-z0-9_]+)/g, () => 'A'.repeat(20_000))}` }),
    raw('encoded NUL and dot segments in path', { headers: headers({}), url: op.url.replace(/:([A-Za-z0-9_]+)/g, () => '%00%2e%2e%2f%2E%2E') }),
    raw('bad percent encoding', { headers: headers({}), url: `${op.url.replace(/:([A-Za-z0-9_]+)/g, () => '%E0%A4%A')}?q=%ZZ` }),
  );
  for (const method of ['OPTIONS', 'PROPFIND', 'TRACE', 'PUT', 'PATCH', 'DELETE', 'POST', 'GET', 'HEAD']) {
    if (method !== op.method) requests.push({ ...base, method, kind: `raw: method ${method}`, headers: headers({ 'content-type': 'application/json' }), payload: method === 'GET' || method === 'HEAD' ? undefined : json } as FuzzRequest);
  }
  return requests;
}
