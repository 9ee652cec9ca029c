import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Account } from '../../shared/billing-api/schemas';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run sandbox (sandbox/cli.ts)', () => {
  it('prints its URL and the demo tokens, serves the API, and stops cleanly on SIGTERM', async () => {
    // Its own process group: npx → sh → tsx → node, and the signal must reach the sandbox itself.
    const child = spawn('npx', ['tsx', 'sandbox/cli.ts', '--port', '0', '--orders-per-account', '20', '--large-orders', '20'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    // 'close' waits for every process holding the output pipes, the sandbox included.
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    let url = '';
    try {
      url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /^Billing sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(output);
          if (match?.[1] && output.includes('sbx_large_demo')) resolve(match[1]);
        });
        child.on('exit', (code) => reject(new Error(`sandbox exited early (${code}): ${output}`)));
      });
      expect(url).not.toMatch(/:0$/);
      for (const token of ['sbx_postpaid_demo', 'sbx_prepaid_demo', 'sbx_large_demo']) expect(output).toContain(token);
      const account = Account.parse(await (await fetch(`${url}/v1/account`, { headers: { authorization: 'Bearer sbx_prepaid_demo' } })).json());
      expect(account.currency).toBe('CNY');
    } finally {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // The group is already gone: the assertions below say why.
      }
    }
    await closed;
    expect(output).toContain('SIGTERM: closing the billing sandbox');
    await expect(fetch(`${url}/sandbox/accounts`)).rejects.toThrow();
  });
});
