import { pino, type Logger } from 'pino';
import { setting } from '../config.js';

/** The process logger. Request bodies are never logged: they carry names and phones. */
export function createLogger(name: string): Logger {
  return pino({
    name,
    level: setting('LOG_LEVEL')!,
    redact: { paths: ['req.headers.authorization', '*.phone', '*.name', '*.applicant'], censor: '[redacted]' },
  });
}
