import { describe, expect, it } from 'vitest';
import { countHistory } from '../../scripts/bench/case-histories.js';

describe('counting a history', () => {
  it('counts every event, and as actions only what Temporal bills', () => {
    const events = [
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
      'EVENT_TYPE_ACTIVITY_TASK_STARTED',
      'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
      'EVENT_TYPE_TIMER_STARTED',
      'EVENT_TYPE_TIMER_FIRED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED',
      'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES',
      'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
      'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
      'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
    ].map((eventType) => ({ eventType }));
    // Billed: started, activity scheduled, timer started, update accepted, upsert, signal, child initiated.
    expect(countHistory('x', { events })).toMatchObject({ name: 'x', events: 16, actions: 7 });
  });
});
