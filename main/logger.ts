import electronLog from 'electron-log/node';
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

/** A log file rotates past this size: the full one becomes settle.old.log, so two at most are kept. */
export const LOG_FILE_MAX_BYTES = 2 * 1024 * 1024;

/**
 * JSON lines to a file when given (the Electron app's log, through electron-log's file transport,
 * which rotates it), else to stderr (the browser face's terminal, and the tests' processes).
 */
export function createLogger(file?: string, maxBytes = LOG_FILE_MAX_BYTES): Logger {
  const sink = file ? fileSink(file, maxBytes) : (line: string) => process.stderr.write(`${line}\n`);
  const write = (level: string, msg: string, meta?: object): void => sink(JSON.stringify({ at: new Date().toISOString(), level, msg, ...redact(meta) }));
  return {
    info: (msg, meta) => write('info', msg, meta),
    warn: (msg, meta) => write('warn', msg, meta),
    error: (msg, meta) => write('error', msg, meta),
  };
}

function fileSink(file: string, maxBytes: number): (line: string) => void {
  const log = electronLog.create({ logId: `settle:${file}` });
  log.transports.console.level = false;
  Object.assign(log.transports.file, {
    resolvePathFn: () => file,
    maxSize: maxBytes,
    format: '{text}',
    // Paths and order ids, never secrets (the scrubber sees to that); still, the user's alone.
    writeOptions: { flag: 'a', mode: 0o600, encoding: 'utf8' },
  });
  return (line) => log.info(line);
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
