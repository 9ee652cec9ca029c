import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { readonly found: true; readonly path: string } | { readonly found: false; readonly reason: string };

/**
 * Finds the installed Electron executable without loading the 'electron' package: its index.js
 * starts a download when the binary is missing, which can't succeed on the build machines.
 * Same lookup as node_modules/electron/index.js (path.txt, dist/, ELECTRON_OVERRIDE_DIST_PATH).
 */
export function findElectronBinary(fromDir: string = process.cwd()): ElectronBinary {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(join(fromDir, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed' };
  }
  let executable: string | null = null;
  try {
    executable = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    // No path.txt: the postinstall download never completed.
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, executable || 'electron');
    return existsSync(path) ? { found: true, path } : { found: false, reason: `no Electron executable at ${path}` };
  }
  if (!executable) return { found: false, reason: `${join(packageDir, 'path.txt')} is missing (the binary download did not run or failed)` };
  const path = join(packageDir, 'dist', executable);
  return existsSync(path) ? { found: true, path } : { found: false, reason: `no Electron executable at ${path}` };
}
