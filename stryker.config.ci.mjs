// @ts-check
/**
 * The mutation step of .ci/run: shared/ and the web face's guard, the code with the highest aims
 * (90 %), without static mutants (see stryker.config.mjs). A few minutes on the 2-core CI machine;
 * fails below `break`. `npm run test:mutation -- stryker.config.ci.mjs` runs it here.
 */
import base, { SCOPE, mutateOf } from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: mutateOf(SCOPE.shared, SCOPE.webGuard),
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/ci.json' },
};
