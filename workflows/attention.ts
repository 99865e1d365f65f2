// How the case workflow recognises a failure that puts a case into needs_attention
// (domain/case/attention.ts): an activity that failed as UnprocessableInput
// (activities/failures.ts), or a RangeError of the workflow's own code — the same data fails the
// same way on every replay, so letting it fail the workflow task would retry it for ever.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { UNPROCESSABLE_INPUT, type UnprocessableCause } from '../domain/case/attention.js';

/** A step that was not started because the case needs attention; its part of the workflow ends there. */
export class StepDropped extends Error {
  override readonly name = 'StepDropped';
}

const causeKinds = new Set(['database', 'calendar', 'workflow', 'input']);

/** The failure's cause when no retry can mend it, or undefined for any other error. */
export function unprocessable(error: unknown): UnprocessableCause | undefined {
  if (error instanceof ActivityFailure) {
    const failure = error.cause;
    if (!(failure instanceof ApplicationFailure) || failure.type !== UNPROCESSABLE_INPUT) return undefined;
    const cause = failure.details?.[0] as UnprocessableCause | undefined;
    return cause && causeKinds.has(cause.kind) ? cause : { kind: 'input' };
  }
  // By name: the sandbox's RangeError is not the host's.
  if (error instanceof Error && error.name === 'RangeError') return { kind: 'workflow' };
  return undefined;
}

/** The step a failure happened in: the activity's name, or the part of the workflow that threw. */
export function failedStep(error: unknown, part: string): string {
  return error instanceof ActivityFailure ? error.activityType : part;
}
