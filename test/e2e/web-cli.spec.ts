import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

/** `npm run start:web` (the built out/main/web.js) as a clerk runs it from a terminal. */
test('a port already in use gets one line saying so and what to do, not a stack trace', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as AddressInfo).port;
  try {
    const child = spawn(process.execPath, ['out/main/web.js', '--port', String(port), '--data-dir', mkdtempSync(join(tmpdir(), 'settle-cli-'))], {
      env: { ...process.env, BILLING_API_URL: 'http://127.0.0.1:9', BILLING_API_TOKEN: 't' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`Port ${port} is already in use on 127.0.0.1: stop what uses it, or pick another with --port.`);
  } finally {
    await new Promise<void>((resolve) => taken.close(() => resolve()));
  }
});
