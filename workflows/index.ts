// The workflow bundle's entry: workflow functions only.
export { caseWorkflow } from './case-workflow.js';
export { samplingWorkflow } from './sampling-workflow.js';
export { problemWorkflow } from './problem-workflow.js';
