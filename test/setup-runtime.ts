// Each test process logs the Temporal SDK at warn and above only (test/helpers/runtime-logs.ts).
import { Runtime } from '@temporalio/worker';
import { switchedLogger } from './helpers/runtime-logs.js';

try {
  Runtime.install({ logger: switchedLogger });
} catch {
  // Installed already by an earlier file in this process.
}
