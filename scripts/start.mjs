#!/usr/bin/env node
/**
 * `npm start`: the Electron app in development (electron-vite dev) when Electron's binary is
 * installed, otherwise the browser version (`npm run start:web`). Extra arguments are forwarded:
 * `npm start -- --preview` runs `electron-vite preview` (the built app) instead of the dev server.
 *
 * The binary is looked up the way node_modules/electron/index.js does, without loading that file:
 * it starts a download when the binary is missing, which can't succeed on machines without internet.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));

/** @returns {{ found: true, path: string } | { found: false, reason: string }} */
function findElectronBinary() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed' };
  }
  let executable = null;
  try {
    executable = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    // No path.txt: the binary download never completed.
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override ? join(override, executable || 'electron') : executable ? join(packageDir, 'dist', executable) : null;
  if (!path) return { found: false, reason: 'node_modules/electron/path.txt is missing (the binary download did not run or failed)' };
  return existsSync(path) ? { found: true, path } : { found: false, reason: `no Electron executable at ${path}` };
}

/** Runs a child with inherited stdio, forwards SIGINT/SIGTERM to it and exits with its code. */
function run(command, args) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => forward(signal));
  child.on('error', (error) => {
    console.error(`[start] could not run ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // Die the way the child died, so callers see the signal (after our handlers are gone).
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

/** `npm run <script> -- args` with the npm that runs us when there is one (works on Windows too). */
function runNpmScript(script, args) {
  const npmCli = process.env.npm_execpath;
  const npmArgs = ['run', script, ...(args.length > 0 ? ['--', ...args] : [])];
  if (npmCli && /\.(c|m)?js$/.test(npmCli)) run(process.execPath, [npmCli, ...npmArgs]);
  else if (process.platform === 'win32') run(process.env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', 'npm', ...npmArgs]);
  else run('npm', npmArgs);
}

const args = process.argv.slice(2);
const binary = findElectronBinary();

if (binary.found) {
  const preview = args.includes('--preview');
  const rest = args.filter((arg) => arg !== '--preview');
  const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  run(process.execPath, [cli, preview ? 'preview' : 'dev', ...rest]);
} else {
  console.warn(
    `[start] Electron's binary is not installed on this machine (${binary.reason}); it can't be downloaded here.\n` +
      '[start] Starting the browser version instead (npm run start:web).\n' +
      '[start] To run the desktop app, install the binary on a machine with internet access: npx install-electron',
  );
  runNpmScript('start:web', args);
}
