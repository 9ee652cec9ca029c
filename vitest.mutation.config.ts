import { relative } from 'node:path';
import { BaseSequencer, type Reporter, type TestModule, type TestSpecification, type Vitest } from 'vitest/node';
import type { RunnerTestCase, RunnerTestFile } from 'vitest';
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * Stryker stops a mutant's run at its first failing test. Vitest runs the slowest files first, so
 * a mutant that a unit test kills in milliseconds would first wait for the integration suite; here
 * unit and renderer tests go first, then the integration tests, each group quickest first.
 */
class QuickFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const path = (file: TestSpecification) => relative(root, file.moduleId);
    const group = (file: TestSpecification) => (path(file).startsWith('test/integration/') ? 1 : 0);
    const duration = (file: TestSpecification) => this.ctx.cache.getFileTestResults(`${file.project.name}:${path(file)}`)?.duration ?? 0;
    return [...files].sort((a, b) => group(a) - group(b) || duration(a) - duration(b));
  }
}

/**
 * Stryker counts the tests that ran and ignores a test file that failed to load: it collects the
 * file's tests, and a file whose imports threw has none. In Stryker's initial run, instrumented
 * code that can't be imported (see the labeled loops in stryker.config.mjs) would quietly leave
 * its mutants uncovered, so nothing may fail to load there: this stops the run instead. In a
 * mutant's run, a file that fails to load has been broken by the mutant (a module-level mutant
 * such as `channel = () => undefined` throws as the contract is built): Stryker would count it as
 * surviving, so the file is given a failed test that says so, which kills the mutant.
 */
class LoadFailureReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const mode = (this.vitest?.getProvidedContext() as { mode?: string } | undefined)?.mode;
    const broken = testModules.filter((module) => module.errors().length > 0);
    if (broken.length === 0) return;
    if (mode === 'mutant') {
      for (const file of this.vitest?.state.getFiles() ?? []) if (file.result?.state === 'fail' && file.tasks.length === 0) file.tasks.push(loadFailure(file));
      return;
    }
    if (mode !== 'dry-run') return;
    const why = broken.map((module) => `${module.moduleId}: ${module.errors()[0]?.message ?? 'failed'}`).join('\n');
    throw new Error(`test files failed to load in Stryker's sandbox; their mutants would show as uncovered:\n${why}`);
  }
}

/**
 * A failed test standing for a file that could not be loaded, with what Stryker's runner reads of a
 * test (its kind, name, file and result); vitest itself has finished with the run by then.
 */
function loadFailure(file: RunnerTestFile): RunnerTestCase {
  const failed: Pick<RunnerTestCase, 'type' | 'id' | 'name' | 'mode' | 'file' | 'suite' | 'meta' | 'result'> = {
    type: 'test',
    id: `${file.id}_load`,
    name: 'loads (it did not: the mutant broke what it imports)',
    mode: 'run',
    file,
    suite: file,
    meta: {},
    result: { state: 'fail', errors: file.result?.errors ?? [] },
  };
  return failed as RunnerTestCase;
}

/**
 * `SETTLE_MUTATION_TESTS=unit`, as stryker.config.static.mjs sets it: the unit and renderer tests
 * only. (Stryker's own `testFiles` would not do: with it, a static mutant is switched on only after
 * the module-level code it mutates has run, and survives untested.)
 */
const unitOnly = process.env.SETTLE_MUTATION_TESTS === 'unit';

/**
 * The test run Stryker repeats for each mutant (`npm run test:mutation`): the normal suite without
 * the tests that cannot kill a mutant of stryker.config.mjs's scope but would run for many of them.
 * Stryker runs it on worker threads, one file at a time, whatever the base config says.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        ...configDefaults.exclude,
        // Lints snippets with eslint.config.js: imports none of the mutated code.
        'test/unit/boundaries.test.ts',
        // Runs the sandbox in a child process: a mutant is active only in Stryker's own process.
        'test/integration/sandbox-cli.test.ts',
        // Prints paging figures over 20,000 orders and asserts only a rough count: seconds per
        // mutant of the sandbox or the schemas, and a mutant's slowness is no failure.
        'test/integration/sandbox-paging-speed.test.ts',
        // Soak tests: tens of thousands of orders through random faults (4 and 14 s here for the
        // two of sync-missing-orders.soak.test.ts, far longer when a mutant stalls them); they
        // would run again for every surviving mutant of the sync. The targeted tests of the same
        // behaviour stay in.
        'test/**/*.soak.test.ts',
        ...(unitOnly ? ['test/integration/**'] : []),
      ],
      sequence: { sequencer: QuickFirstSequencer },
      reporters: ['default', new LoadFailureReporter()],
    },
  }),
);
