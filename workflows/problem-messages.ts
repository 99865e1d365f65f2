// The problem workflow's ID and signal, defined once: the workflow and the API import the same objects.
import { defineSignal } from '@temporalio/workflow';

/** The ID of a problem's workflow. */
export const problemWorkflowId = (problemId: number): string => `problem:${problemId}`;

/** The API changed the problem: read the clock again. */
export const problemChangedSignal = defineSignal('problemChanged');
