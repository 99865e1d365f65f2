// The OpenAPI document as a contract a client can be generated from: every operation has a unique
// operationId and declares every status the API can answer, each error with the one error body.
// Done as routes are registered, so a new route gets it without saying so.
import { STATUS_CODES } from 'node:http';
import type { SwaggerTransformObject } from '@fastify/swagger';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { ErrorSchema } from '../schemas/common.js';

/** The error body as a shared schema: `#/components/schemas/Error` in the document. */
const ERROR_ID = 'Error';
const errorRef = { $ref: `${ERROR_ID}#` };

/** Methods whose body Fastify reads, so it may refuse it as too large (413) or of a type it cannot parse (415). */
const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What each error status means here, for the document. */
const errorMeanings: Record<number, string> = {
  400: 'The request breaks the schema or a rule: `problems` names each field (also an unreadable URL)',
  401: 'No valid bearer token, or the account is deactivated',
  403: 'The caller’s roles or scope do not allow this',
  404: 'What the path or the body names does not exist',
  409: 'Conflicts with the current state (the case’s stage is in `stage`)',
  413: 'The body is larger than the route accepts',
  414: 'A path parameter is longer than 100 characters',
  415: 'The body’s content type is not one the route reads',
  422: 'Well-formed, but breaks a rule of the catalogue or the case: `problems` names each',
  429: 'Too many requests from this address this minute',
  431: 'The request line and headers together exceed 16 KiB (a very long URL is refused so, before routing)',
  500: 'Internal error (details are logged, not answered)',
  503: 'A part the API depends on is down — the database, Temporal or the case worker, named in `error` and the message; `Retry-After` says when to ask again',
  504: 'A service the API depends on did not answer in time',
};

/** The errors a route answers by its kind: who may call it, whether it has path parameters or reads a body. */
function commonErrors(route: RouteOptions): number[] {
  const isPublic = route.config?.access !== undefined && 'public' in route.config.access;
  const methods = [route.method].flat();
  return [
    400,
    ...(isPublic ? [] : [401, 403]),
    404,
    ...(methods.some((m) => bodyMethods.has(m)) ? [413, 415] : []),
    ...(route.url.includes(':') ? [414] : []),
    429,
    431,
    500,
    503,
  ];
}

/** `POST /api/tasks/:taskId/view` → `postTasksByTaskIdView`: readable, and unique as method and path are. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api(?=\/)/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => (segment.startsWith(':') ? ['by', segment.slice(1)] : segment.split(/[-.]/)));
  return [method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

/** A declared response as the document wants it: an error in JSON (even on a CSV route), with what it means. */
function errorResponse(status: number, body: unknown): unknown {
  if (body && typeof body === 'object' && 'content' in body) return body;
  const schema = body === undefined || body === ErrorSchema ? errorRef : body;
  return { description: errorMeanings[status] ?? STATUS_CODES[status], content: { 'application/json': { schema } } };
}

/** Installs the route decoration; call before any route is registered. */
export function installOpenApiContract(app: FastifyInstance): void {
  app.addSchema({ ...ErrorSchema, $id: ERROR_ID });
  const operationIds = new Set<string>();

  app.addHook('onRoute', (route) => {
    // HEAD shares its GET's schema and is not in the document; documentation routes are hidden.
    if (route.method === 'HEAD' || route.schema?.hide) return;
    // A copy: routes may share one schema object, but each has its own operation.
    const schema: FastifySchema & { operationId?: string } = { ...route.schema };
    const method = [route.method].flat()[0]!;
    schema.operationId ??= operationIdOf(method, route.url);
    if (operationIds.has(schema.operationId)) throw new Error(`route ${method} ${route.url}: operationId ${schema.operationId} is taken`);
    operationIds.add(schema.operationId);

    const declared = Object.entries((schema.response ?? {}) as Record<string, unknown>);
    const response = Object.fromEntries(declared.map(([status, body]) => [status, Number(status) >= 400 ? errorResponse(Number(status), body) : body]));
    for (const status of commonErrors(route)) response[status] ??= errorResponse(status, undefined);
    schema.response = response;
    route.schema = schema;
  });
}

/** `413` → `PayloadTooLarge`: the name of a shared error response. */
const responseNameOf = (status: number) => (STATUS_CODES[status] ?? `Status${status}`).replace(/[^A-Za-z]/g, '');

/**
 * The document with each common error answer once, under `#/components/responses`, and referred
 * to from every operation: the document and a client generated from it stay small and name them.
 */
export const shareErrorResponses: SwaggerTransformObject = (document) => {
  if (!('openapiObject' in document)) return document.swaggerObject;
  const openapi = document.openapiObject;
  const shared: Record<string, unknown> = {};
  for (const pathItem of Object.values(openapi.paths ?? {})) {
    for (const operation of Object.values(pathItem ?? {}) as { responses?: Record<string, unknown> }[]) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!isCommonError(Number(status), response)) continue;
        const name = responseNameOf(Number(status));
        shared[name] = response;
        operation.responses![status] = { $ref: `#/components/responses/${name}` };
      }
    }
  }
  const responses = Object.fromEntries(Object.entries(shared).sort(([a], [b]) => a.localeCompare(b)));
  const components = (openapi.components ??= {}) as { responses?: Record<string, unknown> };
  components.responses = { ...components.responses, ...responses };
  return openapi;
};

/** An error answer as commonErrors declares it: the error body and the status's own meaning. */
function isCommonError(status: number, response: unknown): boolean {
  const { description, content } = response as { description?: string; content?: Record<string, { schema?: { $ref?: string } }> };
  return (
    description === (errorMeanings[status] ?? STATUS_CODES[status]) &&
    Object.keys(content ?? {}).join() === 'application/json' &&
    content?.['application/json']?.schema?.$ref === `#/components/schemas/${ERROR_ID}`
  );
}
