/**
 * The packaging configuration, checked where Electron's binary can't be fetched: electron-builder.yml
 * (and the generic-server and smoke-test variants that extend it) read as YAML and through
 * electron-builder's own loader and schema, the fuses, what goes into and out of app.asar, the
 * entitlements, and that the electron-vite build produces every entry the packaged app loads.
 * The packaging itself runs in .github/workflows/release.yml.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FUSE_ORDER, FUSE_SENTINEL, expectedFuses, fuseFileOf, fuseMismatches, readFuseWire } from '../../scripts/check-fuses';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const yamlOf = (file: string) => parse(read(file)) as Record<string, unknown> & BuilderConfig;

interface TargetEntry {
  readonly target: string;
  readonly arch?: readonly string[];
}
interface BuilderConfig {
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  directories: { output: string; buildResources: string };
  win: { target: TargetEntry[]; artifactName: string };
  mac: { target: TargetEntry[]; artifactName: string; hardenedRuntime: boolean; notarize: boolean; entitlements: string; entitlementsInherit: string };
  dmg: { artifactName: string };
  linux: { target: (string | TargetEntry)[]; executableName: string };
  publish: Record<string, unknown> | null;
  extends?: string;
}

// electron-builder's own config loader, schema check and file matcher, from its own dependencies.
const builderRequire = createRequire(createRequire(join(ROOT, 'package.json')).resolve('electron-builder/package.json'));
const appBuilderRequire = createRequire(builderRequire.resolve('app-builder-lib/package.json'));
const builderConfig = appBuilderRequire('./out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: object | null): Promise<BuilderConfig>;
  validateConfiguration(config: object, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
const { minimatch } = appBuilderRequire('minimatch') as { minimatch: (path: string, pattern: string, options: { dot: boolean }) => boolean };
/** How electron-builder matches `files` and `asarUnpack`, on a path relative to the app. */
const matches = (path: string, patterns: readonly string[]) => {
  let included = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (minimatch(path, pattern.slice(1), { dot: true })) included = false;
    } else if (minimatch(path, pattern, { dot: true })) included = true;
  }
  return included;
};

/** The fuses as they should be in every published build. */
const PUBLISHED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};

const WORKERS = ['out/main/order-feed-worker.js', 'out/main/wal-checkpoint-worker.js'];
const NATIVE_ADDON = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
const CONFIG_FILES = ['electron-builder.yml', 'electron-builder.generic.yml', 'electron-builder.smoke.yml'];

describe('electron-builder.yml', () => {
  const config = yamlOf('electron-builder.yml');
  const targets = (list: readonly (string | TargetEntry)[]) => list.map((t) => (typeof t === 'string' ? { target: t } : t));

  it('builds an NSIS installer for Windows x64', () => {
    expect(targets(config.win.target)).toEqual([{ target: 'nsis', arch: ['x64'] }]);
  });

  it('builds a DMG and the zip the updater needs for macOS, x64 and arm64, each named by its architecture', () => {
    expect(targets(config.mac.target)).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
    // Two files per format must not collide, and electron-updater picks the arm64 zip by "arm64" in its name.
    expect(config.mac.artifactName).toContain('${arch}');
    expect(config.dmg.artifactName).toContain('${arch}');
  });

  it('builds an AppImage and a deb for Linux, whose executable the pipeline knows by name', () => {
    expect(targets(config.linux.target).map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux.executableName).toBe('settle');
  });

  it('packs out/** and package.json, and nothing the build makes is left out', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    for (const file of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js', ...WORKERS]) {
      expect(matches(file, config.files), file).toBe(true);
    }
    expect(matches('out/main/index.js.map', config.files)).toBe(false);
    expect(matches('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c', config.files)).toBe(false);
  });

  it('unpacks the native addon from the asar, and keeps the worker threads inside it (asar support in workers, integrity-checked)', () => {
    expect(config.asar).toBe(true);
    expect(matches(NATIVE_ADDON, config.asarUnpack)).toBe(true);
    for (const worker of WORKERS) expect(matches(worker, config.asarUnpack), worker).toBe(false);
    expect(matches('node_modules/better-sqlite3/lib/index.js', config.asarUnpack)).toBe(false);
  });

  it('rebuilds better-sqlite3 for Electron at packaging time', () => {
    expect(config.npmRebuild).toBe(true);
  });

  it('sets the fuses exactly as intended', () => {
    expect(config.electronFuses).toEqual(PUBLISHED_FUSES);
  });

  it('signs and notarizes from the environment, with hardened-runtime entitlements in build/', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
    expect(config.directories.buildResources).toBe('build');
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
    const plist = read('build/entitlements.mac.plist');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
    for (const key of ['cscLink', 'cscKeyPassword', 'identity']) expect(config.mac, key).not.toHaveProperty(key);
  });

  it('publishes to GitHub releases, where electron-updater looks', () => {
    expect(config.publish).toEqual({ provider: 'github' });
  });
});

describe('the variants, through electron-builder’s own loader and schema', () => {
  const load = async (file: string) => {
    const config = await builderConfig.getConfig(ROOT, file, null);
    await builderConfig.validateConfiguration(config, { isEnabled: false, add: () => undefined });
    return config;
  };
  const without = (config: BuilderConfig, ...keys: string[]) => {
    const copy: Record<string, unknown> = structuredClone({ ...config });
    for (const key of keys) delete copy[key];
    delete copy.extends;
    return copy;
  };

  it('every config file passes electron-builder’s schema', async () => {
    for (const file of CONFIG_FILES) await expect(load(file), file).resolves.toBeTruthy();
  });

  it('electron-builder.generic.yml changes only the update feed: a generic server at SETTLE_UPDATE_URL', async () => {
    const main = await load('electron-builder.yml');
    const generic = await load('electron-builder.generic.yml');
    expect(yamlOf('electron-builder.generic.yml').extends).toBe('./electron-builder.yml');
    expect(generic.publish).toEqual({ provider: 'generic', url: '${env.SETTLE_UPDATE_URL}' });
    expect(without(generic, 'publish')).toEqual(without(main, 'publish'));
  });

  it('electron-builder.smoke.yml flips only the inspect fuse, into its own output folder', async () => {
    const main = await load('electron-builder.yml');
    const smoke = await load('electron-builder.smoke.yml');
    expect(smoke.electronFuses).toEqual({ ...PUBLISHED_FUSES, enableNodeCliInspectArguments: true });
    expect(smoke.directories.output).toBe('release/smoke');
    expect(main.directories.output).toBe('release/${version}');
    expect(without(smoke, 'electronFuses', 'directories')).toEqual(without(main, 'electronFuses', 'directories'));
  });

  it('no config holds anything secret-looking', () => {
    const SECRET_KEY = /password|passwd|token|secret|cscLink|apiKey|privateKey|credential/i;
    const SECRET_VALUE = [/-----BEGIN/, /\bgh[pousr]_[A-Za-z0-9]{20,}/, /\bgithub_pat_/, /\bAKIA[0-9A-Z]{16}\b/, /[A-Za-z0-9+/]{60,}={0,2}/, /\bsk_(live|test)_/];
    const walk = (value: unknown, path: string): string[] => {
      if (typeof value === 'string') return SECRET_VALUE.some((re) => re.test(value)) ? [`${path}: ${value.slice(0, 12)}…`] : [];
      if (Array.isArray(value)) return value.flatMap((v, i) => walk(v, `${path}[${i}]`));
      if (value && typeof value === 'object') {
        return Object.entries(value).flatMap(([k, v]) => [...(SECRET_KEY.test(k) ? [`${path}.${k}`] : []), ...walk(v, `${path}.${k}`)]);
      }
      return [];
    };
    for (const file of [...CONFIG_FILES, 'build/entitlements.mac.plist']) {
      const text = read(file);
      expect(SECRET_VALUE.filter((re) => re.test(text)), file).toEqual([]);
      if (file.endsWith('.yml')) expect(walk(parse(text), file)).toEqual([]);
    }
  });
});

describe('what the packaged app loads is what electron-vite builds', () => {
  const pkg = JSON.parse(read('package.json')) as { main: string; type: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

  it('package.json points into out/, as ES modules', () => {
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.type).toBe('module');
  });

  it('electron-vite builds the main entry, both worker threads, the preload as index.cjs and the renderer', async () => {
    const { default: viteConfig } = (await import('../../electron.vite.config')) as unknown as {
      default: {
        main: { build: { outDir: string; rolldownOptions: { input: Record<string, string> } } };
        preload: { build: { outDir: string; rolldownOptions: { input: Record<string, string>; output: { format: string; entryFileNames: string } } } };
        renderer: { root: string; build: { outDir: string; rolldownOptions: { input: Record<string, string> } } };
      };
    };
    const main = viteConfig.main.build;
    expect(main.outDir).toBe('out/main');
    expect(Object.keys(main.rolldownOptions.input).sort()).toEqual(['index', 'order-feed-worker', 'wal-checkpoint-worker', 'web']);
    expect(main.rolldownOptions.input.index).toBe(join(ROOT, 'main/electron/main.ts'));
    expect(main.rolldownOptions.input['order-feed-worker']).toBe(join(ROOT, 'main/sync/order-feed-worker.ts'));
    expect(main.rolldownOptions.input['wal-checkpoint-worker']).toBe(join(ROOT, 'main/cache/wal-checkpoint-worker.ts'));
    for (const source of Object.values(main.rolldownOptions.input)) expect(existsSync(source), source).toBe(true);
    // package.json's main is the `index` entry.
    expect(`${main.outDir}/index.js`).toBe(pkg.main);

    const preload = viteConfig.preload.build;
    expect(preload.outDir).toBe('out/preload');
    expect(preload.rolldownOptions.input).toEqual({ index: join(ROOT, 'preload/index.ts') });
    expect(preload.rolldownOptions.output).toMatchObject({ format: 'cjs', entryFileNames: '[name].cjs' });

    const renderer = viteConfig.renderer.build;
    expect(renderer.outDir).toBe(join(ROOT, 'out/renderer'));
    expect(renderer.rolldownOptions.input).toEqual({ index: join(ROOT, 'renderer/index.html') });
  });

  it('main looks for them where they are built (the preload, the renderer, the workers next to index.js)', () => {
    const mainTs = read('main/electron/main.ts');
    expect(mainTs).toContain("join(here, '../preload/index.cjs')");
    expect(mainTs).toContain("join(here, '../renderer')");
    const startingCore = read('main/app/starting-core.ts');
    expect(startingCore).toContain("new URL('./order-feed-worker.js', entryUrl)");
    expect(startingCore).toContain("new URL('./wal-checkpoint-worker.js', entryUrl)");
  });

  it('the updater comes with the app: electron-updater is a production dependency', () => {
    expect(pkg.dependencies).toHaveProperty('electron-updater');
    expect(pkg.dependencies).toHaveProperty('better-sqlite3');
    expect(pkg.devDependencies).toHaveProperty('electron');
    expect(pkg.dependencies).not.toHaveProperty('electron');
  });
});

describe('scripts/check-fuses.ts', () => {
  const binaryWith = (wire: string, version = 1) =>
    Buffer.concat([Buffer.from('\x7fELF…some bytes…', 'latin1'), Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([version, wire.length]), Buffer.from(wire, 'latin1'), Buffer.from('…more', 'latin1')]);

  it('reads the fuse wire after its sentinel, in Electron’s order', () => {
    expect(readFuseWire(binaryWith('01r01100'))).toEqual({
      runAsNode: 'off',
      enableCookieEncryption: 'on',
      enableNodeOptionsEnvironmentVariable: 'removed',
      enableNodeCliInspectArguments: 'off',
      enableEmbeddedAsarIntegrityValidation: 'on',
      onlyLoadAppFromAsar: 'on',
      loadBrowserProcessSpecificV8Snapshot: 'off',
      grantFileProtocolExtraPrivileges: 'off',
    });
    expect(Object.keys(readFuseWire(binaryWith('0101')))).toEqual(FUSE_ORDER.slice(0, 4));
    expect(() => readFuseWire(Buffer.from('not electron'))).toThrow(/no fuse wire/);
    expect(() => readFuseWire(binaryWith('01', 2))).toThrow(/version 2/);
  });

  it('expects each config’s fuses (the smoke build’s through its extends) and names every difference', () => {
    expect(expectedFuses(join(ROOT, 'electron-builder.yml'))).toEqual(PUBLISHED_FUSES);
    expect(expectedFuses(join(ROOT, 'electron-builder.smoke.yml'))).toEqual({ ...PUBLISHED_FUSES, enableNodeCliInspectArguments: true });

    const published = readFuseWire(binaryWith('01001100'));
    expect(fuseMismatches(published, PUBLISHED_FUSES)).toEqual([]);
    const inspectOn = readFuseWire(binaryWith('01011100'));
    expect(fuseMismatches(inspectOn, PUBLISHED_FUSES)).toEqual(['enableNodeCliInspectArguments: expected off, binary has on']);
    expect(fuseMismatches(readFuseWire(binaryWith('0100')), PUBLISHED_FUSES)).toEqual([
      'enableEmbeddedAsarIntegrityValidation: expected on, binary has missing',
      'onlyLoadAppFromAsar: expected on, binary has missing',
      'grantFileProtocolExtraPrivileges: expected off, binary has missing',
    ]);
  });

  it('finds the wire of a macOS app in its Electron Framework', () => {
    const framework = join('Settle.app', 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework');
    expect(fuseFileOf('release/1.0.0/mac-arm64/Settle.app')).toBe(join('release/1.0.0/mac-arm64', framework));
    expect(fuseFileOf('release/smoke/mac-arm64/Settle.app/Contents/MacOS/Settle')).toBe(join('release/smoke/mac-arm64', framework));
    expect(fuseFileOf('release/smoke/linux-unpacked/settle')).toBe('release/smoke/linux-unpacked/settle');
  });
});
