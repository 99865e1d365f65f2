// Which part an error says is down, for the errors the Temporal client and the database drivers
// throw in an outage (shaped as they arrive: gRPC service errors carry a code, details and metadata,
// possibly wrapped as the cause of an SDK error).
import { describe, expect, it } from 'vitest';
import { outageOf } from '../../api/outages.js';

/** A gRPC service error as grpc-js makes it. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

describe('outageOf', () => {
  it.each([
    ['UNAVAILABLE', grpcError(14, 'No connection established'), 'temporal'],
    ['DEADLINE_EXCEEDED', grpcError(4, 'Deadline exceeded after 3.001s'), 'timeout'],
    ['CANCELLED as the connection broke mid-call', grpcError(1, 'Call cancelled'), 'timeout'],
    ['FAILED_PRECONDITION: no poller', grpcError(9, 'no poller seen for task queue recently, worker may be down'), 'worker'],
    ['a wrapped UNAVAILABLE', new Error('Failed to query Workflow', { cause: grpcError(14, 'Connection dropped') }), 'temporal'],
    ['a refused database connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'database'],
    ['a server shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), 'database'],
  ])('names the part for %s', (_label, error, part) => {
    expect(outageOf(error)).toBe(part);
  });

  it.each([
    ['another FAILED_PRECONDITION', grpcError(9, 'workflow execution already completed')],
    ['NOT_FOUND', grpcError(5, 'workflow not found')],
    ['a constraint violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a plain error', new Error('boom')],
  ])('is no outage for %s', (_label, error) => {
    expect(outageOf(error)).toBeUndefined();
  });
});
