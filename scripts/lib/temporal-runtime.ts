// Routes the Temporal SDK's log lines into the process logger. The workflows' and activities' own
// lines (workflow `log`, activity `Context.log`) from info, with the case number, request ID and
// trace at the top of each line; the SDK's (worker state, bundling) at warn and above unless LOG_LEVEL
// asks for more: bundler chatter is noise in operation.
import { SdkComponent } from '@temporalio/common';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const pinoMethod = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** The components whose lines are the project's own code's, not the SDK's. */
const ownCode = new Set<unknown>([SdkComponent.workflow, SdkComponent.activity]);

/** The SDK's logger, writing into the process logger as the header says. */
export function temporalLogger(logger: Logger): DefaultLogger {
  const debug = logger.isLevelEnabled('debug');
  const level: LogLevel = debug ? 'DEBUG' : 'INFO';
  // An error (e.g. "Activity failed") goes under `err`, where the logger's serializer redacts it.
  return new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
    const { error, requestId, caseNo, trace_id, span_id, ...rest } = meta ?? {};
    if (!debug && !ownCode.has(rest.sdkComponent) && entryLevel !== 'WARN' && entryLevel !== 'ERROR') return;
    // What ties a line to its case, request and trace at the top, as in the API's request line.
    const ties = Object.fromEntries(Object.entries({ caseNo, requestId, trace_id, span_id }).filter(([, value]) => value !== undefined));
    logger[pinoMethod[entryLevel]]({ ...ties, temporal: rest, ...(error !== undefined ? { err: error } : {}) }, message);
  });
}

/**
 * Installs the SDK runtime once per process; `shutdownSignals` stop the workers on those signals.
 * With `metricsBindAddress` (host:port, loopback), the SDK's own worker and client metrics are
 * exported there in Prometheus text, durations in seconds, for the process's metrics server to
 * pass on (scripts/lib/metrics/server.ts).
 */
export function installTemporalRuntime(logger: Logger, shutdownSignals: NodeJS.Signals[], metricsBindAddress?: string): void {
  Runtime.install({
    shutdownSignals,
    ...(metricsBindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsBindAddress, useSecondsForDurations: true } } } } : {}),
    logger: temporalLogger(logger),
  });
}
