// Each test process logs the Temporal SDK at warn and above only: bundler chatter drowns failures.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Installed already by an earlier file in this process.
}
