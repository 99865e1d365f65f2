import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowInterceptorModules, workflowsPath } from '../../scripts/lib/worker.js';

/** Bundles the workflows once for a test file, with a worker's interceptors, without the bundler's progress lines. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: new DefaultLogger('WARN') });
}
