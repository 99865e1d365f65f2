// Routes the Temporal SDK's own log lines (worker state, bundling) into the process logger, at
// warn and above unless LOG_LEVEL asks for more: bundler chatter is noise in operation.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const pinoMethod = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * Installs the SDK runtime once per process; `shutdownSignals` stop the workers on those signals.
 * With `metricsBindAddress` (host:port, loopback), the SDK's own worker and client metrics are
 * exported there in Prometheus text, durations in seconds, for the process's metrics server to
 * pass on (scripts/lib/metrics/server.ts).
 */
export function installTemporalRuntime(logger: Logger, shutdownSignals: NodeJS.Signals[], metricsBindAddress?: string): void {
  const level: LogLevel = logger.isLevelEnabled('debug') ? 'DEBUG' : 'WARN';
  Runtime.install({
    shutdownSignals,
    ...(metricsBindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsBindAddress, useSecondsForDurations: true } } } } : {}),
    // An error (e.g. "Activity failed") goes under `err`, where the logger's serializer redacts it.
    logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
      const { error, ...rest } = meta ?? {};
      logger[pinoMethod[entryLevel]]({ temporal: rest, ...(error !== undefined ? { err: error } : {}) }, message);
    }),
  });
}
