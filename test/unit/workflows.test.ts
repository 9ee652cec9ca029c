/**
 * The GitHub Actions workflows, checked here since they only run on GitHub: what triggers them, the
 * three-OS matrices, that CI runs `npm test` (and the Electron smoke test for real), that a release
 * smoke-tests the packaged app under xvfb on Linux with the inspect fuse handled, publishes, and
 * takes its secrets from GitHub secrets only.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../..');

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly 'runs-on': string;
  readonly needs?: string | string[];
  readonly strategy?: { matrix: { os?: string[]; include?: Record<string, string>[] } };
  readonly env?: Record<string, string>;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const workflow = (name: string) => parse(readFileSync(join(ROOT, '.github/workflows', name), 'utf8')) as Workflow;
const OSES = ['ubuntu-latest', 'windows-latest', 'macos-latest'];
const stepIndex = (job: Job, test: (step: Step) => boolean, what: string) => {
  const index = job.steps.findIndex(test);
  expect(index, `no step ${what}`).toBeGreaterThanOrEqual(0);
  return index;
};
const runs = (pattern: RegExp) => (step: Step) => pattern.test(step.run ?? '');
/** A run script's Linux branch uses xvfb-run for the command: `if Linux; then xvfb-run -a <cmd>`. */
const underXvfbOnLinux = (script: string, command: RegExp) =>
  new RegExp(`RUNNER_OS"? = "?Linux"?[^\\n]*\\n?[^\\n]*xvfb-run -a ${command.source}`).test(script) || new RegExp(`then xvfb-run -a ${command.source}`).test(script);

const SECRET_NAME = /TOKEN|PASSWORD|CSC_LINK|APPLE_ID|APPLE_API_KEY|APPLE_API_ISSUER|APPLE_TEAM_ID|SECRET/;
/** Every env value that looks like a secret's name must come from `secrets.` (or be empty/conditional on it). */
function secretProblems(wf: Workflow): string[] {
  const problems: string[] = [];
  const check = (where: string, env: Record<string, string> | undefined) => {
    for (const [key, value] of Object.entries(env ?? {})) {
      if (!SECRET_NAME.test(key) || key.endsWith('_TEXT')) continue;
      const fromSecrets = /^\$\{\{[^}]*\bsecrets\.[A-Z_]+[^}]*\}\}$/.test(String(value).trim());
      if (!fromSecrets && value !== '') problems.push(`${where}: ${key}=${value}`);
    }
  };
  for (const [name, job] of Object.entries(wf.jobs)) {
    check(`jobs.${name}.env`, job.env);
    job.steps.forEach((step, i) => check(`jobs.${name}.steps[${i}]`, step.env));
  }
  return problems;
}

describe('.github/workflows/ci.yml', () => {
  const ci = workflow('ci.yml');
  const job = ci.jobs.test!;

  it('runs on every push and every pull request', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.on.push ?? null).toBeNull(); // no branch or path filters
    expect(ci.on.pull_request ?? null).toBeNull();
  });

  it('on Linux, Windows and macOS', () => {
    expect(job.strategy?.matrix.os).toEqual(OSES);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
  });

  it('npm ci with Electron’s binary downloaded, Playwright’s Chromium, then npm test (under xvfb on Linux)', () => {
    const install = stepIndex(job, runs(/\bnpm ci\b/), 'running npm ci');
    expect(job.steps[install]!.run).toContain('unset ELECTRON_SKIP_BINARY_DOWNLOAD');
    const browsers = stepIndex(job, runs(/npx playwright install --with-deps chromium/), 'installing Chromium');
    const test = stepIndex(job, runs(/\bnpm test\b/), 'running npm test');
    expect(install).toBeLessThan(test);
    expect(browsers).toBeLessThan(test);
    expect(underXvfbOnLinux(job.steps[test]!.run!, /npm test/)).toBe(true);
    const everywhere = JSON.stringify(ci);
    expect(everywhere).not.toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD['"]?\s*:/);
  });

  it('then the Electron smoke test for real: better-sqlite3 rebuilt for Electron, a skip counted as a failure', () => {
    const test = stepIndex(job, runs(/\bnpm test\b/), 'running npm test');
    const electron = stepIndex(job, runs(/test:electron/), 'running the Electron tests');
    expect(test).toBeLessThan(electron);
    const step = job.steps[electron]!;
    expect(step.env?.SETTLE_REQUIRE_ELECTRON).toBe('1');
    expect(step.run).toMatch(/electron-builder install-app-deps[\s\S]*test:electron/);
    expect(underXvfbOnLinux(step.run!, /npm run test:electron/)).toBe(true);
  });

  it('reads no secrets', () => {
    expect(JSON.stringify(ci)).not.toContain('secrets.');
    expect(ci.permissions).toEqual({ contents: 'read' });
  });
});

describe('.github/workflows/release.yml', () => {
  const release = workflow('release.yml');
  const pack = release.jobs.package!;
  const include = pack.strategy?.matrix.include ?? [];
  const builder = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as { productName: string; linux: { executableName: string } };

  it('runs on v* tags only, and may write releases', () => {
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    expect(release.permissions).toEqual({ contents: 'write' });
  });

  it('drafts the release first, checking the tag is the package version', () => {
    const draft = release.jobs.draft!;
    expect(pack.needs).toBe('draft');
    const script = draft.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain("require('./package.json').version");
    expect(script).toMatch(/gh release create "\$GITHUB_REF_NAME"[^\n]*--draft/);
  });

  it('packages on Linux, Windows and macOS', () => {
    expect(include.map((i) => i.os)).toEqual(OSES);
    expect(include.map((i) => i.platform)).toEqual(['linux', 'win', 'mac']);
    expect(pack['runs-on']).toBe('${{ matrix.os }}');
  });

  it('npm ci, the Node tests before packaging rebuilds better-sqlite3, then npm run build', () => {
    const install = stepIndex(pack, runs(/\bnpm ci\b/), 'running npm ci');
    const unit = stepIndex(pack, runs(/npm run test:unit/), 'running the unit tests');
    const build = stepIndex(pack, runs(/^npm run build$/), 'running npm run build');
    const firstPackaging = stepIndex(pack, runs(/electron-builder /), 'running electron-builder');
    expect(install).toBeLessThan(unit);
    expect(unit).toBeLessThan(firstPackaging);
    expect(build).toBeLessThan(firstPackaging);
  });

  it('smoke-tests a packaged test build with the inspect fuse on (under xvfb on Linux), before publishing', () => {
    const testBuild = stepIndex(pack, runs(/electron-builder --config electron-builder\.smoke\.yml/), 'packaging the test build');
    expect(pack.steps[testBuild]!.run).toMatch(/--dir\b/);
    expect(pack.steps[testBuild]!.run).toMatch(/--publish never\b/);
    const smoke = stepIndex(pack, (s) => /playwright test --project electron|test:electron/.test(s.run ?? ''), 'running the smoke test');
    const step = pack.steps[smoke]!;
    expect(step.env?.SETTLE_PACKAGED_APP).toBe('${{ matrix.smoke_app }}');
    expect(step.env?.SETTLE_REQUIRE_ELECTRON).toBe('1');
    expect(underXvfbOnLinux(step.run!, /npx playwright test --project electron/)).toBe(true);
    const publish = stepIndex(pack, runs(/--publish always/), 'publishing');
    expect(testBuild).toBeLessThan(smoke);
    expect(smoke).toBeLessThan(publish);
    // The test build's fuses are checked against its own config, the published build's against the main one.
    const smokeFuses = stepIndex(pack, runs(/check-fuses\.ts electron-builder\.smoke\.yml "\$\{\{ matrix\.smoke_app \}\}"/), 'checking the test build’s fuses');
    const publishedFuses = stepIndex(pack, runs(/check-fuses\.ts electron-builder\.yml /), 'checking the published build’s fuses');
    expect(smokeFuses).toBeLessThan(smoke);
    expect(publish).toBeLessThan(publishedFuses);
  });

  it('points the smoke test at the executables electron-builder makes', () => {
    const { productName, linux } = builder;
    expect(include.map((i) => i.smoke_app)).toEqual([
      `release/smoke/linux-unpacked/${linux.executableName}`,
      `release/smoke/win-unpacked/${productName}.exe`,
      `release/smoke/mac-arm64/${productName}.app/Contents/MacOS/${productName}`,
    ]);
    expect(include.map((i) => i.arch)).toEqual(['x64', 'x64', 'arm64']);
    expect(include.map((i) => i.published_apps)).toEqual([`linux-unpacked/${linux.executableName}`, `win-unpacked/${productName}.exe`, `mac-arm64/${productName}.app mac/${productName}.app`]);
  });

  it('publishes the installers and update metadata from the fuse-off config to the draft, with the workflow token', () => {
    const publish = pack.steps.find(runs(/--publish always/))!;
    expect(publish.run).toMatch(/electron-builder --config electron-builder\.yml --\$\{\{ matrix\.platform \}\} --publish always/);
    expect(publish.env).toEqual({ GH_TOKEN: '${{ secrets.GITHUB_TOKEN }}', EP_DRAFT: 'true' });
    const finish = release.jobs.publish!;
    expect(finish.needs).toBe('package');
    const script = finish.steps.map((s) => s.run ?? '').join('\n');
    for (const file of ['latest.yml', 'latest-mac.yml', 'latest-linux.yml']) expect(script).toContain(file);
    expect(script).toMatch(/gh release edit "\$GITHUB_REF_NAME"[^\n]*--draft=false/);
  });

  it('takes every secret from GitHub secrets, and gives each OS only its own signing material', () => {
    expect(secretProblems(release)).toEqual([]);
    const env = pack.env ?? {};
    for (const key of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER']) {
      expect(env[key], key).toBe(`\${{ matrix.platform == 'mac' && secrets.${key} || '' }}`);
    }
    for (const key of ['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD']) expect(env[key], key).toBe(`\${{ matrix.platform == 'win' && secrets.${key} || '' }}`);
    // The test build is never signed.
    const testBuild = pack.steps.find(runs(/electron-builder\.smoke\.yml --/))!;
    expect(testBuild.env).toMatchObject({ CSC_IDENTITY_AUTO_DISCOVERY: 'false', CSC_LINK: '', WIN_CSC_LINK: '' });
  });

  it('the secret check itself catches a literal secret', () => {
    const bad: Workflow = { on: {}, jobs: { x: { 'runs-on': 'ubuntu-latest', steps: [{ run: 'true', env: { GH_TOKEN: 'ghp_abc', CSC_LINK: '${{ secrets.CSC_LINK }}' } }] } } };
    expect(secretProblems(bad)).toEqual(['jobs.x.steps[0]: GH_TOKEN=ghp_abc']);
  });
});
