/**
 * Best savings (shared/billing/best-savings.ts) on random payments shaped like real ones: 30
 * orders × 40 coupons (test/support/savings-instances.ts, `realisticInstance`), its time p50/p95
 * with the default budget, how often the budget ran out (`optimal: false`), and on small random
 * instances how often it agrees with an exhaustive optimum (it must be every time).
 * `npx tsx bench/best-savings.ts [instances]` runs it alone; `benchBestSavings` is its entry point.
 */
import { pathToFileURL } from 'node:url';
import { bestSavings } from '../shared/billing/best-savings';
import { NOW, better, exhaustiveOptimum, outcomeOf, realisticInstance, seeded, smallInstance } from '../test/support/savings-instances';

export interface BestSavingsBenchResult {
  readonly instances: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** Share of the 30 × 40 instances whose answer was not proven optimal within the budget. */
  readonly notProvenShare: number;
  /** Share of the 30 × 40 answers that quoteOrders refused: must be 0. */
  readonly refusedShare: number;
  readonly smallInstances: number;
  /** Share of the small instances where the answer equals the exhaustive optimum: must be 1. */
  readonly agreementShare: number;
}

export function benchBestSavings(options: { instances?: number; smallInstances?: number; seed?: number } = {}): BestSavingsBenchResult {
  const instances = options.instances ?? 200;
  const smallInstances = options.smallInstances ?? 300;
  const seed = options.seed ?? 1;
  // A few runs first, so that the timings are of compiled code, as in a running app.
  for (let i = 0; i < 5; i++) {
    const warm = realisticInstance(seeded(1_000_000 + i));
    bestSavings(warm.orders, warm.coupons, NOW);
  }
  const times: number[] = [];
  let notProven = 0;
  let refused = 0;
  for (let i = 0; i < instances; i++) {
    const { orders, coupons } = realisticInstance(seeded(seed * 100_000 + i));
    const started = performance.now();
    const answer = bestSavings(orders, coupons, NOW);
    times.push(performance.now() - started);
    if (!answer.optimal) notProven++;
    if (outcomeOf(orders, answer.choices, coupons).problems > 0) refused++;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0) * 100) / 100;

  let agreeing = 0;
  for (let i = 0; i < smallInstances; i++) {
    const random = seeded(seed * 200_000 + i);
    const { orders, coupons } = smallInstance(random, 1 + Math.floor(random() * 6), Math.floor(random() * 9));
    const answer = bestSavings(orders, coupons, NOW);
    const got = outcomeOf(orders, answer.choices, coupons);
    const want = exhaustiveOptimum(orders, coupons);
    if (got.problems === 0 && !better(want, got) && !better(got, want)) agreeing++;
  }
  return { instances, p50Ms: at(0.5), p95Ms: at(0.95), notProvenShare: notProven / instances, refusedShare: refused / instances, smallInstances, agreementShare: agreeing / smallInstances };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = benchBestSavings({ instances: Number(process.argv[2] ?? 200) });
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  console.table([
    { metric: `Best savings, 30 orders × 40 coupons (p50), ${r.instances} instances`, value: `${r.p50Ms} ms`, target: '' },
    { metric: 'Best savings, 30 orders × 40 coupons (p95)', value: `${r.p95Ms} ms`, target: '< 30 ms' },
    { metric: '  … answers not proven optimal within the 200 ms budget', value: percent(r.notProvenShare), target: '' },
    { metric: '  … answers quoteOrders refuses', value: percent(r.refusedShare), target: '0 %' },
    { metric: `  … agreement with an exhaustive optimum, ${r.smallInstances} instances of ≤ 6 orders × ≤ 8 coupons`, value: percent(r.agreementShare), target: '100 %' },
  ]);
}
