/**
 * The built app (global setup runs `electron-vite build`) has every entry the packaged app loads,
 * and nothing in it reaches for a file or package that electron-builder wouldn't pack: relative
 * imports stay inside out/, bare ones are Node built-ins, electron, or production dependencies
 * (electron-builder packs `dependencies`, never `devDependencies`). No browser needed.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'out');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };

const ENTRIES = ['main/index.js', 'main/web.js', 'main/order-feed-worker.js', 'main/wal-checkpoint-worker.js', 'preload/index.cjs', 'renderer/index.html'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** Static, side-effect and dynamic imports with a literal specifier. */
function importsOf(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm)) found.add(match[1]!);
  return [...found];
}

const packageOf = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);

test('every entry the packaged app loads is built into out/', () => {
  for (const entry of ENTRIES) expect(existsSync(join(OUT, entry)), `out/${entry}`).toBe(true);
  expect(resolve(ROOT, pkg.main)).toBe(join(OUT, 'main/index.js'));
});

test('the renderer page loads only its own built files, with no inline script', () => {
  const html = readFileSync(join(OUT, 'renderer/index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((ref) => !ref.startsWith('data:'));
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) {
    expect(ref, 'relative to the page (app://settle/…)').toMatch(/^\.\//);
    expect(existsSync(join(OUT, 'renderer', ref)), ref).toBe(true);
  }
  expect([...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => m[2]!.trim() !== '' || !/\bsrc=/.test(m[1]!))).toEqual([]);
});

test('the preload is one CommonJS file that needs only electron (a sandboxed preload loads nothing else)', () => {
  const preload = readFileSync(join(OUT, 'preload/index.cjs'), 'utf8');
  expect(preload).not.toMatch(/^\s*(import|export)\s/m);
  expect([...new Set([...preload.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]))]).toEqual(['electron']);
});

test('main and its worker threads import only files inside out/main, Node built-ins, electron and production dependencies', () => {
  const mainDir = join(OUT, 'main');
  const problems: string[] = [];
  const used = new Set<string>();
  for (const file of filesUnder(mainDir).filter((f) => f.endsWith('.js'))) {
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      const where = relative(ROOT, file);
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (!target.startsWith(mainDir) || !existsSync(target)) problems.push(`${where}: ${specifier} is not a built file`);
      } else if (isBuiltin(specifier) || specifier === 'electron') {
        continue;
      } else if (!(packageOf(specifier) in pkg.dependencies)) {
        problems.push(`${where}: ${specifier} is not a production dependency (electron-builder wouldn't pack it)`);
      } else used.add(packageOf(specifier));
    }
  }
  expect(problems).toEqual([]);
  // The worker threads' own needs, from inside app.asar: the native addon and the HTTP client.
  expect([...used]).toEqual(expect.arrayContaining(['better-sqlite3', 'zod', 'axios']));
});
