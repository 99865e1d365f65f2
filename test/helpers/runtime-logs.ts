// The SDK's logger in tests: warn and above by default, as bundler chatter drowns failures; a test
// that reads the workflows' and activities' own lines sends them elsewhere for a while. The
// runtime is installed once per process (test/setup-runtime.ts), so its logger is a switch.
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';

const warnOnly = new DefaultLogger('WARN');
let target: Logger = warnOnly;

/** What the runtime is installed with: passes every line on to the current target. */
export const switchedLogger: Logger = {
  log: (level: LogLevel, message: string, meta?: LogMetadata) => target.log(level, message, meta),
  trace: (message, meta) => target.trace(message, meta),
  debug: (message, meta) => target.debug(message, meta),
  info: (message, meta) => target.info(message, meta),
  warn: (message, meta) => target.warn(message, meta),
  error: (message, meta) => target.error(message, meta),
};

/** Sends the SDK's lines to `logger` until the answer is called. */
export function routeTemporalLogs(logger: Logger): () => void {
  target = logger;
  return () => {
    target = warnOnly;
  };
}
