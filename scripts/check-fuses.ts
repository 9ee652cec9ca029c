/**
 * Checks the Electron fuses of a packaged Settle against an electron-builder config:
 *   npx tsx scripts/check-fuses.ts <config.yml> <executable or .app>
 * e.g. electron-builder.yml release/0.1.0/linux-unpacked/settle, or electron-builder.smoke.yml
 * release/smoke/mac-arm64/Settle.app. The release pipeline runs it on the build it publishes (the
 * inspect fuse off) and on its test build (on). Exits 1, listing them, on any difference.
 *
 * The fuse wire is read straight from the binary: a sentinel string, then the wire's version, its
 * length, and one byte per fuse ('0' off, '1' on, 'r' removed), in Electron's fixed order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** electron-builder's `electronFuses` keys, by their place on the version-1 wire. */
export const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;
export type FuseName = (typeof FUSE_ORDER)[number];
export type FuseState = 'on' | 'off' | 'removed' | 'unknown';

export function readFuseWire(binary: Uint8Array): Partial<Record<FuseName, FuseState>> {
  const bytes = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength);
  const at = bytes.indexOf(FUSE_SENTINEL, 0, 'latin1');
  if (at < 0) throw new Error('no fuse wire in this binary (not Electron 12 or later?)');
  const start = at + FUSE_SENTINEL.length;
  const version = bytes[start];
  if (version !== 1) throw new Error(`fuse wire version ${version}, this script reads version 1`);
  const length = bytes[start + 1] ?? 0;
  const wire: Partial<Record<FuseName, FuseState>> = {};
  FUSE_ORDER.forEach((name, i) => {
    if (i >= length) return;
    const byte = bytes[start + 2 + i];
    wire[name] = byte === 0x31 ? 'on' : byte === 0x30 ? 'off' : byte === 0x72 ? 'removed' : 'unknown';
  });
  return wire;
}

/** Every fuse the config sets that the binary doesn't have as set, as readable lines. */
export function fuseMismatches(wire: Partial<Record<FuseName, FuseState>>, expected: Readonly<Record<string, boolean>>): string[] {
  const problems: string[] = [];
  for (const [name, on] of Object.entries(expected)) {
    if (!(FUSE_ORDER as readonly string[]).includes(name)) {
      problems.push(`${name}: not a fuse this script knows`);
      continue;
    }
    const actual = wire[name as FuseName] ?? 'missing';
    if (actual !== (on ? 'on' : 'off')) problems.push(`${name}: expected ${on ? 'on' : 'off'}, binary has ${actual}`);
  }
  return problems;
}

type BuilderConfig = { extends?: string | null; electronFuses?: Record<string, boolean> };

/** `electronFuses` of a config file after its `extends` chain (a parent's keys, then the child's). */
export function expectedFuses(configPath: string): Record<string, boolean> {
  const config = (parse(readFileSync(configPath, 'utf8')) ?? {}) as BuilderConfig;
  const parent = typeof config.extends === 'string' ? expectedFuses(resolve(dirname(configPath), config.extends)) : {};
  return { ...parent, ...config.electronFuses };
}

/** Where the wire lives: the executable itself, or in a macOS app the Electron Framework binary. */
export function fuseFileOf(target: string): string {
  const app = /^(.*?\.app)(?:[\\/].*)?$/.exec(target)?.[1];
  return app ? join(app, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework') : target;
}

function main(argv: readonly string[]): number {
  const [configPath, target] = argv;
  if (!configPath || !target) {
    console.error('usage: tsx scripts/check-fuses.ts <electron-builder config> <packaged executable or .app>');
    return 2;
  }
  const file = fuseFileOf(resolve(target));
  if (!existsSync(file)) {
    console.error(`check-fuses: ${file} does not exist`);
    return 2;
  }
  const expected = expectedFuses(resolve(configPath));
  const wire = readFuseWire(readFileSync(file));
  const problems = fuseMismatches(wire, expected);
  for (const [name, state] of Object.entries(wire)) console.log(`  ${name}: ${state}`);
  if (problems.length > 0) {
    console.error(`check-fuses: ${file} does not match ${configPath}:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log(`check-fuses: ${file} matches ${configPath}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main(process.argv.slice(2)));
