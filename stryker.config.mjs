// @ts-check
/**
 * Mutation testing (`npm run test:mutation`): Stryker changes the code below one small mutant at a
 * time and reruns the tests that cover it; a mutant no test notices ("survived") is behaviour no
 * test pins down. Reports land in reports/mutation/ (html and json); `--mutate <glob>` narrows a run.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/**
 * What is mutated, by area. Types-only files have nothing to mutate; the OpenAPI generator is only
 * checked against docs/openapi.json. New areas get an entry here: a folder as `dir/**\/*.ts`, or
 * single files.
 */
export const SCOPE = {
  shared: ['shared/**/*.ts', '!shared/ipc/types.ts', '!shared/ipc/payment-types.ts', '!shared/ipc/bridge-api.ts', '!shared/billing-api/openapi.ts', '!shared/billing/best-savings.ts', '!shared/billing/packing-lp.ts'],
  // Best savings' search: most of its mutants only make the search slower (timeouts, not failures),
  // minutes apiece against the property tests; out of the CI run, in the full one.
  savingsSearch: ['shared/billing/best-savings.ts', 'shared/billing/packing-lp.ts'],
  webGuard: ['main/web/request-guard.ts'],
  billingClient: ['main/billing/**/*.ts'],
  pageWriter: ['main/cache/sync-page-writer.ts'],
  syncEngine: ['main/sync/sync-engine.ts'],
  sandboxPaging: ['sandbox/cursor.ts', 'sandbox/store.ts', 'sandbox/routes-billing.ts'],
  settings: ['main/settings/**/*.ts', 'main/app/settle-host.ts'],
  payments: ['main/payments/**/*.ts', 'main/ledger/**/*.ts', 'sandbox/payment-judge.ts', 'sandbox/routes-payments.ts', 'sandbox/payments-store.ts'],
};

/**
 * Stryker 9 places a mutant of a labeled loop (`reading: for (;;)` → `for (; false;)`) between the
 * label and the loop, so `continue reading` no longer names a loop and the instrumented file is a
 * SyntaxError; every test file importing it then fails to load, which Stryker does not report: its
 * mutants just show as uncovered. The line that opens such a loop is left out of the mutated
 * ranges (its loop-condition and empty-body mutants); everything inside the loop is still mutated.
 */
const LABELED_LOOP = /^\s*[A-Za-z_$][\w$]*:\s*(?:for|while|do)\b/;

function labeledLoopLines(file) {
  return readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .flatMap((line, index) => (LABELED_LOOP.test(line) ? [index + 1] : []));
}

function tsFilesUnder(dir) {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** `file:from-to` ranges around each labeled loop's first line. */
function withoutLabeledLoops(pattern) {
  if (pattern.startsWith('!')) return [pattern];
  const folder = /^(.*)\/\*\*\/\*\.ts$/.exec(pattern);
  if (folder) {
    // A folder's files can't be given ranges through a glob: name such a file on its own.
    const labeled = tsFilesUnder(folder[1]).filter((file) => labeledLoopLines(file).length > 0);
    if (labeled.length > 0) throw new Error(`stryker.config.mjs: list ${labeled.join(', ')} on its own (it has a labeled loop) and exclude it from ${pattern}`);
    return [pattern];
  }
  const skip = labeledLoopLines(pattern);
  if (skip.length === 0) return [pattern];
  const end = readFileSync(join(ROOT, pattern), 'utf8').split('\n').length;
  const ranges = [];
  let from = 1;
  for (const line of [...skip, end + 1]) {
    if (line > from) ranges.push(`${pattern}:${from}-${line - 1}`);
    from = line + 1;
  }
  return ranges;
}

/**
 * Log lines (`log.warn('sync failed', { reason })`) are left unmutated: their wording and fields are
 * for people reading the log, no test pins them, and each of their mutants would survive after the
 * whole integration suite, a minute or more apiece. What must never reach a log (the token) is
 * tested on the log itself (test/integration/secret-echo.test.ts). The audit log is not a log line:
 * `cache.audit.append` is mutated.
 */
const LOG_METHODS = new Set(['debug', 'info', 'warn', 'error']);
const isLogger = (node) => (node.type === 'Identifier' && node.name === 'log') || (node.type === 'MemberExpression' && !node.computed && node.property.name === 'log');
export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'log-lines', {
    shouldIgnore(path) {
      const callee = path.isCallExpression() ? path.node.callee : null;
      if (callee?.type === 'MemberExpression' && !callee.computed && LOG_METHODS.has(callee.property.name) && isLogger(callee.object)) return 'a log line: its text is for people';
      return undefined;
    },
  }),
];

/** Stryker's `mutate` for some areas of SCOPE. */
export const mutateOf = (...areas) => areas.flat().flatMap(withoutLabeledLoops);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  // This file also holds the log-lines ignorer above.
  appendPlugins: [fileURLToPath(import.meta.url)],
  ignorers: ['log-lines'],
  mutate: mutateOf(...Object.values(SCOPE)),
  // Each folder's own aim is in the README; `break` fails the run (and .ci/run) below it overall.
  thresholds: { high: 90, low: 80, break: 80 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Two cores, shared with whoever else is at work: one test runner.
  concurrency: 1,
  tempDirName: '.stryker-tmp',
  // Nothing here is needed to run the tests; build output and bench figures only slow the copy.
  ignorePatterns: ['/out', '/dist', '/release', '/test-results', '/playwright-report', '/.cache', '/bench/results', '*.db', '*.db-wal', '*.db-shm'],
  // A static mutant (module-level code: the zod schemas, the label tables, the route table) runs
  // every test that imports its file, the integration suite included: two to three minutes each
  // here, hours in all. Mutants that tests also reach at run time are still tested. For the static
  // ones of shared/, see stryker.config.static.mjs.
  ignoreStatic: true,
  // Integration tests start a sandbox and worker threads: a mutant that slows them is not a hang.
  timeoutMS: 10_000,
};
