// How fast a workflow's work moves off a worker that died. A workflow task taken by a worker that
// dies before completing it is given to another worker after the workflow task timeout (Temporal's
// default: 10 s); set on every start of a case or a sampling run.
/** The workflow task timeout of every case and sampling run. */
export const WORKFLOW_TASK_TIMEOUT = '5 seconds';
