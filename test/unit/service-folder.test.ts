import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../main/logger';
import { adoptTopLevelFiles, serviceFolder, serviceKey } from '../../main/settings/service-folder';

describe('a billing service’s folder', () => {
  it('is its own for every service: the demo, two hosts, two paths on one host', () => {
    const keys = ['https://a.example.com', 'https://b.example.com', 'https://a.example.com/v2', 'http://127.0.0.1:4010'].map((url) => serviceKey({ kind: 'api', url }));
    expect(new Set([...keys, serviceKey({ kind: 'demo' })]).size).toBe(5);
    expect(serviceKey({ kind: 'demo' })).toBe('demo');
    expect(keys[0]).toMatch(/^a\.example\.com-[0-9a-f]{10}$/);
    expect(keys[3]).toMatch(/^127\.0\.0\.1_4010-[0-9a-f]{10}$/);
    expect(serviceFolder('/data', { kind: 'demo' })).toBe(join('/data', 'services', 'demo'));
  });

  it('takes in the cache and the ledger of the earlier layout, with their companions, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-adopt-'));
    const earlier = ['settle-cache.db', 'settle-cache.db-wal', 'settle-ledger.db', 'settle-ledger.db-wal', 'settle-ledger.db-shm', 'settle-ledger.db.v1.bak'];
    for (const name of [...earlier, 'demo-sandbox.db', 'settings.json']) writeFileSync(join(dir, name), name);
    const folder = serviceFolder(dir, { kind: 'demo' });
    adoptTopLevelFiles(dir, folder, createMemoryLogger());
    expect(readdirSync(folder).sort()).toEqual([...earlier].sort());
    for (const name of earlier) expect(readFileSync(join(folder, name), 'utf8')).toBe(name);
    expect(readdirSync(dir).sort()).toEqual(['demo-sandbox.db', 'services', 'settings.json']);
  });

  it('moves a database’s companions before the database, so that a crash half-way leaves the pair to move together', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-adopt-'));
    for (const name of ['settle-ledger.db', 'settle-ledger.db-wal', 'settle-ledger.db-shm']) writeFileSync(join(dir, name), name);
    const log = createMemoryLogger();
    adoptTopLevelFiles(dir, serviceFolder(dir, { kind: 'demo' }), log);
    const moved = log.lines.filter((line) => line.msg === 'moved into its billing service folder').map((line) => (line.meta as { file: string }).file);
    expect(moved.at(-1)).toBe('settle-ledger.db');
    expect(moved.slice(0, 2).sort()).toEqual(['settle-ledger.db-shm', 'settle-ledger.db-wal']);
  });

  it('makes no service folder when there is nothing of the earlier layout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-adopt-'));
    writeFileSync(join(dir, 'settings.json'), '{}');
    adoptTopLevelFiles(dir, serviceFolder(dir, { kind: 'demo' }), createMemoryLogger());
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('never replaces a file the folder has: the top-level one stays, and the log says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-adopt-'));
    const folder = serviceFolder(dir, { kind: 'demo' });
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'settle-ledger.db'), 'the folder’s own');
    writeFileSync(join(dir, 'settle-ledger.db'), 'the earlier one');
    writeFileSync(join(dir, 'settle-ledger.db-wal'), 'its wal');
    const log = createMemoryLogger();
    adoptTopLevelFiles(dir, folder, log);
    expect(readFileSync(join(folder, 'settle-ledger.db'), 'utf8')).toBe('the folder’s own');
    expect(readFileSync(join(dir, 'settle-ledger.db'), 'utf8')).toBe('the earlier one');
    expect(existsSync(join(folder, 'settle-ledger.db-wal'))).toBe(true);
    expect(log.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });
});
