// Routes the Temporal SDK's own log lines (worker state, bundling) into the process logger, at
// warn and above unless LOG_LEVEL asks for more: bundler chatter is noise in operation.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const pinoMethod = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Installs the SDK runtime once per process; `shutdownSignals` stop the workers on those signals. */
export function installTemporalRuntime(logger: Logger, shutdownSignals: NodeJS.Signals[]): void {
  const level: LogLevel = logger.isLevelEnabled('debug') ? 'DEBUG' : 'WARN';
  Runtime.install({
    shutdownSignals,
    // An error (e.g. "Activity failed") goes under `err`, where the logger's serializer redacts it.
    logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
      const { error, ...rest } = meta ?? {};
      logger[pinoMethod[entryLevel]]({ temporal: rest, ...(error !== undefined ? { err: error } : {}) }, message);
    }),
  });
}
