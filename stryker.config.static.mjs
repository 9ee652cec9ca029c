// @ts-check
/**
 * shared/ with its static mutants, judged by the unit and renderer tests alone:
 * `npm run test:mutation -- stryker.config.static.mjs`.
 *
 * The everyday run (stryker.config.mjs) skips static mutants, the ones in module-level code such
 * as the zod schemas of the IPC contract and the billing API, and the label tables: each would
 * rerun every test importing its file, the integration suite included. shared/ is pure code with
 * unit tests of its own, so here its mutants, static ones included, are run against those tests
 * only. A mutant only an integration test kills shows as surviving: a gap in the unit tests.
 */
import base, { SCOPE, mutateOf } from './stryker.config.mjs';

// Read by vitest.mutation.config.ts in Stryker's test runner processes, which inherit it.
process.env.SETTLE_MUTATION_TESTS = 'unit';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: mutateOf(SCOPE.shared),
  ignoreStatic: false,
  htmlReporter: { fileName: 'reports/mutation/shared-static.html' },
  jsonReporter: { fileName: 'reports/mutation/shared-static.json' },
};
