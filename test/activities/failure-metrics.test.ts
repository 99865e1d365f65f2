// Failed activity attempts are counted by activity type and failure type, through the worker's
// activity interceptor; the labels hold codes, never a failure's message.
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { countActivityFailures, failureLabels } from '../../activities/failure-metrics-interceptor.js';

describe('the activity failure count', () => {
  it('counts each failed attempt of an activity by its failure type, and not a success', async () => {
    const registry = new Registry();
    const env = new MockActivityEnvironment({ activityType: 'recordOutboxMessage' }, {
      interceptors: [countActivityFailures(registry)],
      // The failures are meant: not logged.
      logger: new DefaultLogger('ERROR', () => {}),
    });
    const refuse = async () => {
      throw ApplicationFailure.nonRetryable('refused for 13800000000', 'UnprocessableInput');
    };
    await expect(env.run(refuse)).rejects.toThrow(/refused/);
    await expect(env.run(refuse)).rejects.toThrow(/refused/);
    expect(await env.run(async () => 'ok')).toBe('ok');

    const text = await registry.metrics();
    expect(text).toContain('shenguan_activity_failures_total{activity_type="recordOutboxMessage",failure_type="UnprocessableInput",retryable="false"} 2');
    expect(text).not.toContain('13800000000');
  });

  it('labels a failure by its type and whether it is retried, never by its message', () => {
    expect(failureLabels(ApplicationFailure.retryable('down', 'ReceiverUnavailable'))).toEqual({ failure_type: 'ReceiverUnavailable', retryable: 'true' });
    expect(failureLabels(ApplicationFailure.create({ message: 'no type' }))).toEqual({ failure_type: 'ApplicationFailure', retryable: 'true' });
    expect(failureLabels(new TypeError('x of 13800000000'))).toEqual({ failure_type: 'TypeError', retryable: 'true' });
    expect(failureLabels(Object.assign(new Error('e'), { name: 'a name with 13800000000 and spaces' }))).toEqual({ failure_type: 'Error', retryable: 'true' });
  });
});
