import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../main/logger';

describe('the log file', () => {
  it('holds one JSON line per entry, secrets by key name redacted', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'settle-log-')), 'settle.log');
    const log = createLogger(file);
    log.info('sync finished', { upserted: 3 });
    log.warn('refused', { authorization: 'Bearer tok-123456', channel: 'payOrders' });
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toMatchObject([{ level: 'info', msg: 'sync finished', upserted: 3 }, { level: 'warn', msg: 'refused', authorization: '[redacted]', channel: 'payOrders' }]);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('rotates past its size: the full file becomes settle.old.log and the new one starts small', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-log-'));
    const file = join(dir, 'settle.log');
    const log = createLogger(file, 10_000);
    for (let i = 0; i < 200; i++) log.info('an entry long enough to fill the file soon', { i });
    expect(existsSync(join(dir, 'settle.old.log'))).toBe(true);
    expect(statSync(file).size).toBeLessThanOrEqual(10_000 + 200);
    const last = readFileSync(file, 'utf8').trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ i: 199 });
  });
});
