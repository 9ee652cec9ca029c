import { appendFileSync } from 'node:fs';
import type { SecretScrubber } from './secret-scrubber';

export interface Logger {
  info(msg: string, meta?: object): void;
  warn(msg: string, meta?: object): void;
  error(msg: string, meta?: object): void;
}

/** Keys whose values never reach a log, whatever the caller passes. */
const SECRET_KEY = /token|authorization|password|secret|card|cvc|pan/i;

function redact(meta: object | undefined): object | undefined {
  if (!meta) return undefined;
  return Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : v]));
}

/** JSON lines to a file when given (the Electron log), else to stderr. */
export function createLogger(file?: string): Logger {
  const write = (level: string, msg: string, meta?: object): void => {
    const line = JSON.stringify({ at: new Date().toISOString(), level, msg, ...redact(meta) });
    if (file) appendFileSync(file, `${line}\n`);
    else process.stderr.write(`${line}\n`);
  };
  return {
    info: (msg, meta) => write('info', msg, meta),
    warn: (msg, meta) => write('warn', msg, meta),
    error: (msg, meta) => write('error', msg, meta),
  };
}

/** For tests that assert on what was logged. */
export function createMemoryLogger(): Logger & { readonly lines: { level: string; msg: string; meta?: object }[] } {
  const lines: { level: string; msg: string; meta?: object }[] = [];
  const push = (level: string) => (msg: string, meta?: object) => void lines.push({ level, msg, meta: redact(meta) });
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

/**
 * The same logger with the configured secrets scrubbed from every message and field: the net
 * under the places that scrub outside text as it enters (the billing client's errors).
 */
export function scrubbingLogger(log: Logger, scrubber: SecretScrubber): Logger {
  const scrubbed = (write: Logger['info']) => (msg: string, meta?: object) => write(scrubber.scrub(msg), meta && (scrubber.scrubValue(meta) as object));
  return { info: scrubbed((m, x) => log.info(m, x)), warn: scrubbed((m, x) => log.warn(m, x)), error: scrubbed((m, x) => log.error(m, x)) };
}
