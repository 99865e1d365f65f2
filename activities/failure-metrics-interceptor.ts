// Counts failed activity attempts by activity type and what failed, for ops: a rise of one kind
// (a receiver down, the database refusing) shows before cases pile up in needs_attention. The
// labels are codes only — the failure's type name and whether Temporal retries it — never its
// message, which may quote data.
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { Counter, type Registry } from 'prom-client';

/** A type name is a label value only when it looks like one: an error's own name could be anything. */
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

/** The failure's type (an ApplicationFailure's `type`, else the error's name) and whether it is retried. */
export function failureLabels(error: unknown): { failure_type: string; retryable: 'true' | 'false' } {
  if (error instanceof ApplicationFailure) {
    const type = error.type && TYPE_NAME.test(error.type) ? error.type : 'ApplicationFailure';
    return { failure_type: type, retryable: error.nonRetryable ? 'false' : 'true' };
  }
  if (error instanceof CancelledFailure) return { failure_type: 'CancelledFailure', retryable: 'false' };
  const name = error instanceof Error && TYPE_NAME.test(error.name) ? error.name : 'Error';
  return { failure_type: name, retryable: 'true' };
}

/** Activity interceptor counting every failed attempt into `registry`. */
export function countActivityFailures(registry: Registry): ActivityInterceptorsFactory {
  const failures = new Counter({
    name: 'shenguan_activity_failures_total',
    help: 'Failed activity attempts, by activity type, failure type and whether Temporal retries it.',
    labelNames: ['activity_type', 'failure_type', 'retryable'] as const,
    registers: [registry],
  });
  return (context) => ({
    inbound: {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (error) {
          failures.inc({ activity_type: context.info.activityType, ...failureLabels(error) });
          throw error;
        }
      },
    },
  });
}
