import { relative } from 'node:path';
import { BaseSequencer, type Reporter, type TestModule, type TestSpecification, type Vitest } from 'vitest/node';
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
 * Stryker counts the tests that ran and ignores a test file that failed to load: if its
 * instrumented code can't be imported (see the labeled loops in stryker.config.mjs), the mutants
 * it covers would quietly show as uncovered. In Stryker's initial run nothing may fail, so this
 * stops the run there instead; in a mutant's run a file that fails to load has killed the mutant.
 */
class LoadFailureReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if ((this.vitest?.getProvidedContext() as { mode?: string } | undefined)?.mode !== 'dry-run') return;
    const broken = testModules.filter((module) => module.errors().length > 0);
    if (broken.length === 0) return;
    const why = broken.map((module) => `${module.moduleId}: ${module.errors()[0]?.message ?? 'failed'}`).join('\n');
    throw new Error(`test files failed to load in Stryker's sandbox; their mutants would show as uncovered:\n${why}`);
  }
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
        // Soak tests: tens of thousands of orders through random faults, half a minute or more
        // each, minutes when a mutant stalls them; they would run again for every surviving
        // mutant of the sync. The targeted tests of the same behaviour stay in.
        'test/**/*.soak.test.ts',
        ...(unitOnly ? ['test/integration/**'] : []),
      ],
      sequence: { sequencer: QuickFirstSequencer },
      reporters: ['default', new LoadFailureReporter()],
    },
  }),
);
