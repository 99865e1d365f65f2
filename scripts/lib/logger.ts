import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactDatabaseError } from '../../db/query-errors.js';
import { setting } from '../config.js';

/**
 * The options of every process logger. Request bodies are never logged: they carry names and
 * phones; a database error is logged without the values of its query.
 */
export function loggerOptions(name: string): LoggerOptions {
  return {
    name,
    level: setting('LOG_LEVEL')!,
    redact: { paths: ['req.headers.authorization', '*.phone', '*.name', '*.applicant'], censor: '[redacted]' },
    serializers: { err: (error: unknown) => pino.stdSerializers.err(redactDatabaseError(error) as Error) },
  };
}

/** The process logger, on stdout unless given another destination. */
export function createLogger(name: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(name), destination) : pino(loggerOptions(name));
}
