/**
 * "Best savings": the discounts and the coupons, across all orders of one payment, that make the
 * total payable smallest under the rules of docs/domain.md (shared/billing/savings.ts). Ties go
 * to the fewest coupons in total, then to the lexicographically smallest sorted list of coupon_ids.
 *
 * Why this is a search and not a formula: a coupon serves one order and an order takes at most 3,
 * which makes the choice a weighted set packing (NP-hard). What keeps it small is that an order's
 * saving does not depend on the order coupons are applied in: each coupon takes min(limit, left)
 * with a limit (balance, cap, a 300's own rate) fixed by the discounted amount alone, so together
 * they take min(discounted, Σ limits). Each order therefore has a short list of options (a
 * discount and up to 3 coupons). Orders that share no coupon, even through others, are solved
 * apart. Within a group the search is a branch and bound whose bound is a Lagrangian relaxation:
 * each coupon gets a price (its dual in the linear relaxation, packing-lp.ts), each order its best
 * option at those prices regardless of the others. That bound is usually exact, but the prices
 * leave most orders indifferent between many options, so the search is steered as an exact cover
 * (Search) and aimed at the bound first; where the bound is not exact, nodes re-price the coupons
 * for themselves (coordinate descent), and once a question has cost a few hundred nodes each node
 * solves its own relaxation. The tie rule is settled afterwards, coupon by coupon in id order, by
 * asking the same search whether a packing of the best score can still keep it (a question the
 * search doesn't settle quickly is first put to the relaxation with those coupons required).
 *
 * Why not a MILP library: the model is exact as a MILP, but the tie rule on sorted id lists is
 * not one objective (it would take up to one solve per coupon), a solver's tolerances would have to
 * be trusted with integer money, and measured (HiGHS 1.15 through the npm package `highs`, on 30
 * realistic 30 × 40 payments) it took 65 ms to 6 s for the first criteria alone, after a 90 ms load.
 */
import { CouponKind, type Coupon, type Discount } from '../billing-api/payment-schemas';
import { packingRelaxation, type PackingColumns } from './packing-lp';
import { byApplicationOrder, couponBlocker, couponLimit, discountedAmount, mandatoryDiscount, MAX_COUPONS_PER_ORDER, type Choice, type PricedOrder } from './savings';

export interface BestSavings {
  /** One choice per order, in the order the orders were given. */
  readonly choices: Choice[];
  /** False when the time budget ran out before the best found was proven best. */
  readonly optimal: boolean;
}

/** How often (in search nodes) the clock is read. */
const CLOCK_EVERY = 256;

/** One way to pay one order: a discount (or none) and up to 3 coupons, by index into the coupons sorted by id. */
interface Option {
  /** saving × weight − coupons used: a minor unit saved outweighs any number of coupons. */
  readonly score: number;
  readonly coupons: readonly number[];
  readonly discount: Discount | null;
}

/**
 * The discounts, the order of preference on a tie: the order's 609 alone when it has one (it can't
 * be swapped); else the preselected discount, so that an equal saving keeps what the order came
 * with, then none, then the others as listed.
 */
function candidateDiscounts(order: PricedOrder): (Discount | null)[] {
  const mandatory = mandatoryDiscount(order);
  if (mandatory !== null) return [mandatory];
  const preselected = order.discounts.find((d) => d.preselected);
  const others = order.discounts.filter((d) => d !== preselected);
  return preselected === undefined ? [null, ...others] : [preselected, null, ...others];
}

const setKey = (coupons: readonly number[], base: number) => coupons.reduce((key, c) => key * base + c + 1, 0);

/**
 * Every option of one order worth considering. A set of coupons is kept only when no smaller set
 * saves as much: one whose coupons already cover the discounted amount, or a coupon that would take
 * 0, can only cost a tie. For one set of coupons only the discount that saves most is kept.
 */
function orderOptions(order: PricedOrder, coupons: readonly Coupon[], now: number, weight: number): Option[] {
  const base = coupons.length + 1;
  // The best option found for each set of coupons, by the set's key (its indices in base `base`).
  const best = new Map<number, Option>();
  // The rules that don't depend on the discount (no amount is below the minimum spend of
  // MAX_SAFE_INTEGER, and no discount is none's conflict) are judged once per coupon.
  const eligible = coupons.flatMap((coupon, index) => (couponBlocker(order, Number.MAX_SAFE_INTEGER, null, coupon, now) === null ? [index] : []));
  for (const discount of candidateDiscounts(order)) {
    const discounted = discountedAmount(order.official_amount, discount);
    const reduction = order.official_amount - discounted;
    const coverable = Math.max(0, discounted);
    const usable: { index: number; limit: number; kind: Coupon['kind'] }[] = [];
    for (const index of eligible) {
      const coupon = coupons[index]!;
      const limit = couponLimit(discounted, coupon);
      if (limit > 0 && coverable > 0 && couponBlocker(order, discounted, discount?.kind ?? null, coupon, now) === null) usable.push({ index, limit, kind: coupon.kind });
    }
    const chosen: number[] = [];
    const extend = (from: number, key: number, covered: number, cash: boolean, discountCoupon: boolean) => {
      const score = (reduction + Math.min(coverable, covered)) * weight - chosen.length;
      if (!((best.get(key)?.score ?? -Infinity) >= score)) best.set(key, { score, coupons: [...chosen], discount });
      if (chosen.length === MAX_COUPONS_PER_ORDER || covered >= coverable) return;
      for (let u = from; u < usable.length; u++) {
        const { index, limit, kind } = usable[u]!;
        const isCash = kind === CouponKind.CashCoupon;
        const isDiscountCoupon = kind === CouponKind.DiscountCoupon;
        // At most one cash coupon, and never one beside a discount coupon.
        if (isCash && (cash || discountCoupon)) continue;
        if (isDiscountCoupon && cash) continue;
        chosen.push(index);
        extend(u + 1, key * base + index + 1, covered + limit, cash || isCash, discountCoupon || isDiscountCoupon);
        chosen.pop();
      }
    };
    extend(0, 0, 0, false, false);
  }
  // A set is dominated when one of its proper subsets scores at least as well.
  const scoreOf = (...set: number[]) => best.get(setKey(set, base))?.score ?? -Infinity;
  const dominated = ({ score, coupons: [a, b, c] }: Option): boolean => {
    if (a === undefined) return false;
    if (scoreOf() >= score) return true;
    if (b === undefined) return false;
    if (scoreOf(a) >= score || scoreOf(b) >= score) return true;
    if (c === undefined) return false;
    return scoreOf(c) >= score || scoreOf(a, b) >= score || scoreOf(a, c) >= score || scoreOf(b, c) >= score;
  };
  return [...best.values()].filter((option) => !dominated(option));
}

/** Code-unit order of ids, which is also the order of the coupon indices. */
const byCouponId = (a: Coupon, b: Coupon) => (a.coupon_id < b.coupon_id ? -1 : a.coupon_id > b.coupon_id ? 1 : 0);

/** a before b as sorted lists of coupon indices (indices follow coupon_id order). */
function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return a.length < b.length;
}

/**
 * The choices with the smallest total payable, then the fewest coupons, then the smallest sorted
 * list of coupon_ids. Exact unless the budget runs out (then the best found, `optimal: false`).
 * Throws when the amounts are so large that a saving times the coupon weight would pass 2^53.
 */
export function bestSavings(
  orders: ReadonlyMap<string, PricedOrder> | readonly PricedOrder[],
  coupons: readonly Coupon[],
  now: number,
  { budgetMs = 200 }: { budgetMs?: number } = {},
): BestSavings {
  const deadline = Date.now() + budgetMs;
  const list: readonly PricedOrder[] = Array.isArray(orders) ? orders : [...(orders as ReadonlyMap<string, PricedOrder>).values()];
  const sorted = [...coupons].sort(byCouponId);
  const n = list.length;
  const m = sorted.length;
  // One minor unit must outweigh every coupon of the payment: at most 3 per order.
  const weight = MAX_COUPONS_PER_ORDER * n + 1;
  const largest = list.reduce((sum, o) => sum + Math.abs(o.official_amount), 0);
  if (largest * weight > Number.MAX_SAFE_INTEGER) throw new RangeError('bestSavings: amounts too large to score exactly');

  const options = list.map((order) => orderOptions(order, sorted, now, weight));
  const bestOf = (i: number) => options[i]!.reduce((a, b) => (b.score > a.score ? b : a));
  // Orders without a coupon worth using don't compete with the others: their best discount is settled now.
  const contested = options.map((opts, i) => i).filter((i) => options[i]!.some((o) => o.coupons.length > 0));
  const settled = new Map<number, Option>(options.map((_, i) => [i, bestOf(i)]));

  // Prices in multiples of 1/grain keep every sum of scores and prices exact in a double.
  let grain = 1024;
  while (grain > 1 && largest * weight * grain > Number.MAX_SAFE_INTEGER) grain /= 2;
  // Orders that share no coupon, even through others, don't compete: each group is solved alone.
  // The three criteria add up over groups with disjoint coupons (for the id lists: among lists of
  // one length, the smaller sorted union is the one whose smallest differing id is taken, and that
  // id belongs to one group), so the best of each group together are the best of the payment.
  let optimal = true;
  for (const group of conflictGroups(contested, options, m)) {
    const { picks, proven } = solveGroup(
      group.map((i) => options[i]!),
      m,
      weight,
      grain,
      deadline,
    );
    picks.forEach((option, k) => settled.set(group[k]!, option));
    optimal &&= proven;
  }

  const choices = list.map((order, i): Choice => {
    const option = settled.get(i)!;
    const couponIds = option.coupons.map((c) => sorted[c]!).sort(byApplicationOrder).map((c) => c.coupon_id);
    return option.discount === null ? { order_id: order.order_id, coupon_ids: couponIds } : { order_id: order.order_id, discount_id: option.discount.discount_id, coupon_ids: couponIds };
  });
  return { choices, optimal };
}

/** The contested orders in groups linked by the coupons their options share, each in index order. */
function conflictGroups(contested: readonly number[], options: readonly (readonly Option[])[], m: number): number[][] {
  const root = Int32Array.from({ length: options.length }, (_, i) => i);
  const find = (i: number): number => {
    while (root[i] !== i) i = root[i] = root[root[i]!]!;
    return i;
  };
  const firstUser = new Int32Array(m).fill(-1);
  for (const i of contested) {
    for (const o of options[i]!) {
      for (const c of o.coupons) {
        if (firstUser[c]! < 0) firstUser[c] = i;
        else root[find(i)] = find(firstUser[c]!);
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (const i of contested) {
    const r = find(i);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(i);
  }
  return [...groups.values()];
}

/**
 * The best options of one group of orders, by a search whose relaxation has rows for the group's
 * own coupons only (`m` is every coupon of the payment: the others are simply never taken);
 * `proven` false when the deadline came first.
 */
function solveGroup(competing: readonly (readonly Option[])[], m: number, weight: number, grain: number, deadline: number): { picks: Option[]; proven: boolean } {
  const taken = new Uint8Array(m);
  for (const opts of competing) for (const o of opts) for (const c of o.coupons) taken[c] = 1;
  const own: number[] = [];
  taken.forEach((t, c) => t && own.push(c));
  const { prices, packing } = relax(competing, own, m, grain);
  const repaired = repair(competing, prices, m);
  const packed = packing === null ? -Infinity : packing.reduce((sum, o) => sum + o.score, 0);
  const relaxed = packing !== null && packed > repaired.score ? { picks: packing, score: packed } : repaired;
  const search = new Search(competing, m, prices, deadline, relaxed.score, grain);
  let best = relaxed;
  // The relaxation is usually tight, so the search is aimed at its bound first and lowered in
  // growing steps: a search whose target is near the bound prunes almost everything, and each
  // one that finds nothing proves the optimum lies below its target.
  let ceiling = Math.floor(search.rootBound());
  for (let step = 1; ceiling > best.score && !search.outOfTime; step *= 4) {
    const floor = Math.max(best.score + 1, ceiling - step + 1);
    const found = search.improve(floor - 1);
    if (found !== null) {
      best = found;
      break;
    }
    ceiling = floor - 1;
  }
  // Among packings of the best score (so with as many coupons), the smallest sorted list of ids:
  // settled coupon by coupon in id order, each kept when some best packing still uses it with those kept.
  const wanted = (((-best.score) % weight) + weight) % weight;
  const kept: number[] = [];
  const dropped: number[] = [];
  for (const c of own) {
    if (kept.length === wanted || search.outOfTime) break;
    // The packing in hand already proves the coupon can be kept.
    if (best.picks.some((o) => o.coupons.includes(c))) {
      kept.push(c);
      continue;
    }
    // Most questions take a few nodes. One that takes more is first put to the relaxation with
    // the coupons required, which often shows at once that no packing can keep them all.
    const required = [...kept, c];
    let found = search.reach(best.score, required, dropped, QUICK_QUESTION_NODES);
    if (found === undefined) found = requiredBound(competing, own, m, grain, required, dropped) < best.score ? null : (search.reach(best.score, required, dropped) ?? null);
    if (found === null) {
      dropped.push(c);
    } else {
      kept.push(c);
      best = found;
    }
  }
  return { picks: best.picks, proven: !search.outOfTime };
}

/** The best score an order can reach at these prices, among all its options (`free` undefined) or those whose coupons are free. */
function bestReduced(opts: readonly Option[], prices: Float64Array, free?: Uint8Array): Option {
  let best = opts[0]!;
  let bestValue = -Infinity;
  for (const o of opts) {
    let value = o.score;
    for (const c of o.coupons) value -= prices[c]!;
    if ((value > bestValue || (value === bestValue && o.score > best.score)) && (free === undefined || o.coupons.every((c) => free[c] === 0))) {
      bestValue = value;
      best = o;
    }
  }
  return best;
}

/**
 * A feasible choice from priced options (a Lagrangian heuristic): the orders that value their best
 * option most choose first, each the best at the prices among the coupons still free; then each
 * order in turn, with the others fixed, moves to its best-scoring option among the coupons free to it.
 */
function repair(options: readonly (readonly Option[])[], prices: Float64Array, m: number): { picks: Option[]; score: number } {
  const used = new Uint8Array(m);
  const picks: Option[] = new Array<Option>(options.length);
  const value = (o: Option) => o.coupons.reduce((r, c) => r - prices[c]!, o.score);
  const turn = options.map((opts, i) => ({ i, value: value(bestReduced(opts, prices)) })).sort((a, b) => b.value - a.value);
  for (const { i } of turn) {
    const o = bestReduced(options[i]!, prices, used);
    for (const c of o.coupons) used[c] = 1;
    picks[i] = o;
  }
  const none = new Float64Array(m);
  options.forEach((opts, i) => {
    for (const c of picks[i]!.coupons) used[c] = 0;
    const o = bestReduced(opts, none, used);
    for (const c of o.coupons) used[c] = 1;
    picks[i] = o;
  });
  return { picks, score: picks.reduce((sum, o) => sum + o.score, 0) };
}

/**
 * Coupon prices for the Lagrangian bound: with prices v ≥ 0, Σ v + Σ over orders of the best
 * (score − price of its coupons) bounds every feasible total, whatever v is. The tightest such
 * prices are the coupons' duals in the linear relaxation; they are rounded to multiples of
 * 1/`grain`, a power of two, so that the search adds them exactly. When the relaxation's own
 * solution is whole (often), it is a packing as good as the bound: the search starts from it.
 * Rows are the orders and `own`, the coupons the options take; any other coupon is priced 0.
 */
function relax(options: readonly (readonly Option[])[], own: readonly number[], m: number, grain: number): { prices: Float64Array; packing: Option[] | null } {
  const n = options.length;
  const { duals, levels } = packingRelaxation(packingColumns(options, own, m, (o) => o.score), n + own.length);
  const prices = new Float64Array(m);
  own.forEach((c, k) => (prices[c] = Math.round(duals[n + k]! * grain) / grain));
  const packing: Option[] = [];
  const used = new Uint8Array(m);
  let column = 0;
  for (const opts of options) {
    let chosen: Option | undefined;
    for (const o of opts) if (levels[column++]! > 0.5) chosen ??= o;
    // An order the relaxation leaves out pays without coupons.
    chosen ??= opts.filter((o) => o.coupons.length === 0).reduce((a, b) => (b.score > a.score ? b : a));
    if (chosen.coupons.some((c) => used[c] !== 0)) return { prices, packing: null };
    for (const c of chosen.coupons) used[c] = 1;
    packing.push(chosen);
  }
  return { prices, packing };
}

/** The options as columns of the relaxation: rows 0 … n − 1 the orders, then `own`'s coupons in order. */
function packingColumns(options: readonly (readonly Option[])[], own: readonly number[], m: number, valueOf: (o: Option) => number): PackingColumns {
  const n = options.length;
  const row = new Int32Array(m);
  own.forEach((c, k) => (row[c] = n + k));
  const count = options.reduce((sum, opts) => sum + opts.length, 0);
  const values = new Float64Array(count);
  const start = new Int32Array(count + 1);
  const rows = new Int32Array(options.reduce((sum, opts) => sum + opts.reduce((s, o) => s + 1 + o.coupons.length, 0), 0));
  let j = 0;
  options.forEach((opts, i) => {
    for (const o of opts) {
      values[j] = valueOf(o);
      let e = start[j]!;
      rows[e++] = i;
      for (const c of o.coupons) rows[e++] = row[c]!;
      start[++j] = e;
    }
  });
  return { values, start, rows };
}

/** After this many nodes of one question, every node solves its own relaxation (Search.relaxedHere). */
const RESOLVE_AFTER_NODES = 300;

/** Nodes a tie question may take before the relaxation is asked first (requiredBound). */
const QUICK_QUESTION_NODES = 50;

/**
 * A bound on the packings that use every coupon of `required` and none of `excluded`: the linear
 * relaxation with a bonus on each required coupon large enough that it is used whole (more than
 * any packing scores), less the bonuses. As in `relax`, the duals only choose prices; the bound is
 * the Lagrangian one at those prices rounded to 1/grain, exact whatever the simplex did.
 */
function requiredBound(options: readonly (readonly Option[])[], own: readonly number[], m: number, grain: number, required: readonly number[], excluded: readonly number[]): number {
  const n = options.length;
  const isRequired = new Uint8Array(m);
  for (const c of required) isRequired[c] = 1;
  const isExcluded = new Uint8Array(m);
  for (const c of excluded) isExcluded[c] = 1;
  const bonus = options.reduce((sum, opts) => sum + opts.reduce((most, o) => Math.max(most, Math.abs(o.score)), 0), 1);
  // Every sum below stays within a few bonuses per required coupon: the grain shrinks (or the
  // bound gives up) so that they stay exact.
  const magnitude = bonus * (required.length + 5);
  if (magnitude > Number.MAX_SAFE_INTEGER) return Infinity;
  let fine = grain;
  while (fine > 1 && magnitude * fine > Number.MAX_SAFE_INTEGER) fine /= 2;
  const allowed = options.map((opts) => opts.filter((o) => o.coupons.every((c) => isExcluded[c] === 0)));
  const valueOf = (o: Option) => o.coupons.reduce((v, c) => v + (isRequired[c] ? bonus : 0), o.score);
  const { duals } = packingRelaxation(packingColumns(allowed, own, m, valueOf), n + own.length);
  const prices = new Float64Array(m);
  own.forEach((c, k) => (prices[c] = Math.round(duals[n + k]! * fine) / fine));
  let total = -bonus * required.length;
  for (const c of own) total += prices[c]!;
  for (const opts of allowed) total += opts.reduce((most, o) => Math.max(most, o.coupons.reduce((v, c) => v - prices[c]!, valueOf(o))), -Infinity);
  return total;
}

/** Rounds of coordinate descent on a node's prices: most of what they gain comes in the first few. */
const TIGHTEN_ROUNDS = 2;
/** Nodes into one question after which every node is tightened before it branches. */
const EAGER_AFTER_NODES = 200;

/** The options of a search in flat arrays, for the bound at a node's own prices (Search.tightened). */
interface FlatOptions {
  /** Order d's options are start[d] … start[d + 1] − 1, in ranked order. */
  readonly start: Int32Array;
  readonly score: Float64Array;
  /** Option j's coupons at 3j … 3j + 2, −1 where it has fewer. */
  readonly coupons: Int32Array;
  readonly orderOf: Int32Array;
  /** The options that take coupon c are takers[takersStart[c]] … takers[takersStart[c + 1] − 1]. */
  readonly takersStart: Int32Array;
  readonly takers: Int32Array;
}

function flatten(ranked: readonly (readonly Option[])[], m: number): FlatOptions {
  const start = new Int32Array(ranked.length + 1);
  ranked.forEach((opts, d) => (start[d + 1] = start[d]! + opts.length));
  const total = start[ranked.length]!;
  const score = new Float64Array(total);
  const coupons = new Int32Array(3 * total).fill(-1);
  const orderOf = new Int32Array(total);
  const takersStart = new Int32Array(m + 1);
  ranked.forEach((opts, d) =>
    opts.forEach((o, k) => {
      const j = start[d]! + k;
      score[j] = o.score;
      orderOf[j] = d;
      o.coupons.forEach((c, t) => {
        coupons[3 * j + t] = c;
        takersStart[c + 1]!++;
      });
    }),
  );
  for (let c = 0; c < m; c++) takersStart[c + 1]! += takersStart[c]!;
  const next = takersStart.slice(0, m);
  const takers = new Int32Array(takersStart[m]!);
  for (let j = 0; j < total; j++) for (let t = 3 * j; t < 3 * j + 3; t++) if (coupons[t]! >= 0) takers[next[coupons[t]!]!++] = j;
  return { start, score, coupons, orderOf, takersStart, takers };
}

/** What a search found: the option of each contested order, or null when none qualifies. */
type Found = { picks: Option[]; score: number } | null;

/**
 * Branch and bound over the contested orders, bounded by the Lagrangian relaxation at fixed coupon
 * prices, and steered as an exact cover. At the prices of the linear relaxation most orders are
 * indifferent between many options (a large order values every coupon at its price), so the hard
 * part is not the bound but fitting the options together: which order takes which priced coupon.
 * Each node therefore works out its slack (how far the bound may still fall before the target is
 * out of reach), keeps only the options that fit in it, counts the coupons that none of them can
 * take as lost, and branches on whatever has the fewest ways left: an order (its options) or a
 * priced coupon (the options that take it, or leaving it unused). Two questions are asked of it:
 * the best score (`improve`), and whether some packing reaches a score while using given coupons
 * and avoiding others (`reach`), which settles the tie rule coupon by coupon.
 */
class Search {
  private readonly n: number;
  /** Each order's options, best first at the coupon prices (then by score, then by coupon_ids). */
  private readonly ranked: Option[][];
  /** Score − price of its coupons, per option of `ranked`. */
  private readonly reduced: number[][];
  /** 1: taken at this point of the search; 2: excluded from the question asked or on this branch. */
  private readonly used: Uint8Array;
  private readonly picks: (Option | null)[];
  private readonly flat: FlatOptions;
  /** Working arrays of `tightened`, which calls nothing that needs them. */
  private readonly scratch: { net: Float64Array; top: Float64Array; arg: Int32Array; withIt: Float64Array };
  private readonly required: Uint8Array;
  private target = 0;
  private stopAtFirst = false;
  private found: Found = null;
  private nodes = 0;
  /** `nodes` when the question in hand was asked. */
  private askedAt = 0;
  outOfTime = false;
  private nodeLimit = Infinity;
  private gaveUp = false;

  constructor(
    options: readonly (readonly Option[])[],
    private readonly m: number,
    private readonly prices: Float64Array,
    private readonly deadline: number,
    known: number,
    private readonly grain: number,
  ) {
    const reducedOf = (o: Option) => o.coupons.reduce((r, c) => r - prices[c]!, o.score);
    this.n = options.length;
    const valued = options.map((opts) => opts.map((o) => ({ o, value: reducedOf(o) })));
    const tops = valued.map((opts) => opts.reduce((most, { value }) => Math.max(most, value), -Infinity));
    // An option that falls further short of its order's best than the bound lies above the packing
    // in hand can't be part of one as good (every question asked is about those): it is left out.
    const room = prices.reduce((sum, p) => sum + p, 0) + tops.reduce((sum, t) => sum + t, 0) - known;
    const ranked = valued.map((opts, d) =>
      opts
        .filter(({ value }) => tops[d]! - value <= Math.max(0, room))
        .sort((a, b) => b.value - a.value || b.o.score - a.o.score || (lexLess(a.o.coupons, b.o.coupons) ? -1 : lexLess(b.o.coupons, a.o.coupons) ? 1 : 0)),
    );
    this.ranked = ranked.map((opts) => opts.map(({ o }) => o));
    this.reduced = ranked.map((opts) => opts.map(({ value }) => value));
    this.used = new Uint8Array(m);
    this.required = new Uint8Array(m);
    this.picks = new Array<Option | null>(this.n).fill(null);
    this.flat = flatten(this.ranked, m);
    const total = this.flat.score.length;
    this.scratch = { net: new Float64Array(total), top: new Float64Array(this.n), arg: new Int32Array(this.n), withIt: new Float64Array(this.n) };
  }

  /** The most any packing can score: the Lagrangian bound at the prices. */
  rootBound(): number {
    let total = this.prices.reduce((sum, p) => sum + p, 0);
    for (const value of this.reduced) total += value[0]!;
    return total;
  }

  /** The best packing scoring more than `known` (picks by contested index), or null if there is none. */
  improve(known: number): Found {
    return this.ask(known + 1, false, [], []);
  }

  /**
   * A packing scoring at least `target` that uses every coupon of `required` and none of
   * `excluded`, or null; undefined when `nodeLimit` nodes did not settle it.
   */
  reach(target: number, required: readonly number[], excluded: readonly number[], nodeLimit = Infinity): Found | undefined {
    this.nodeLimit = nodeLimit;
    this.gaveUp = false;
    const found = this.ask(target, true, required, excluded);
    this.nodeLimit = Infinity;
    return this.gaveUp ? undefined : found;
  }

  private ask(target: number, stopAtFirst: boolean, required: readonly number[], excluded: readonly number[]): Found {
    this.target = target;
    this.stopAtFirst = stopAtFirst;
    this.found = null;
    this.used.fill(0);
    this.required.fill(0);
    this.picks.fill(null);
    for (const c of excluded) this.used[c] = 2;
    for (const c of required) this.required[c] = 1;
    this.askedAt = this.nodes;
    this.visit(0);
    return this.found;
  }

  private free(o: Option): boolean {
    for (const c of o.coupons) if (this.used[c] !== 0) return false;
    return true;
  }

  /** The best-ranked option of order d from `from` on whose coupons are all free, or −1 when none is left. */
  private firstFree(d: number, from: number): number {
    const opts = this.ranked[d]!;
    let k = from;
    while (k < opts.length && !this.free(opts[k]!)) k++;
    return k < opts.length ? k : -1;
  }

  private take(d: number, o: Option, score: number, first: Int32Array): boolean {
    for (const c of o.coupons) this.used[c] = 1;
    this.picks[d] = o;
    const stop = this.visit(score + o.score, first);
    this.picks[d] = null;
    for (const c of o.coupons) this.used[c] = 0;
    return stop;
  }

  /** True when the search should stop: out of time, or the first answer is all that was asked. */
  /** `above` is the parent's first free options: coupons are only ever taken going down, so they start the scan. */
  private visit(score: number, above?: Int32Array): boolean {
    if (this.nodes++ % CLOCK_EVERY === 0 && Date.now() > this.deadline) this.outOfTime = true;
    if (this.nodes - this.askedAt > this.nodeLimit) this.gaveUp = true;
    if (this.outOfTime || this.gaveUp) return true;
    const { n, m, prices, ranked, reduced, used, picks } = this;
    // The bound: what is scored, each open order's best free option, and the price of every free
    // coupon. The slack is how far it lies above the target.
    const first = new Int32Array(n).fill(-1);
    let slack = score - this.target;
    for (let d = 0; d < n; d++) {
      if (picks[d] !== null) continue;
      first[d] = this.firstFree(d, above?.[d] ?? 0);
      if (first[d]! < 0) return false;
      slack += reduced[d]![first[d]!]!;
    }
    for (let c = 0; c < m; c++) if (used[c] === 0) slack += prices[c]!;
    if (slack < 0) return false;
    if (!first.some((k) => k >= 0)) {
      // A leaf: the coupons still free have no one left to take them.
      if (score < this.target) return false;
      for (let c = 0; c < m; c++) if (this.required[c] && used[c] !== 1) return false;
      this.found = { picks: [...picks] as Option[], score };
      if (this.stopAtFirst) return true;
      this.target = score + 1;
      return false;
    }
    // Only the options that fall short of their order's best by at most the slack can be part of an
    // answer, and a free coupon that none of them takes is lost with its price: the slack shrinks
    // by it, which may rule out more options, until nothing more is lost.
    const ways = new Int32Array(n);
    const takers = new Int32Array(m);
    const lost: number[] = [];
    for (;;) {
      ways.fill(0);
      takers.fill(0);
      for (let d = 0; d < n; d++) {
        if (first[d]! < 0) continue;
        const value = reduced[d]!;
        const top = value[first[d]!]!;
        for (let k = first[d]!; k < value.length && top - value[k]! <= slack; k++) {
          const o = ranked[d]![k]!;
          if (!this.free(o)) continue;
          ways[d]!++;
          for (const c of o.coupons) takers[c]!++;
        }
      }
      let price = 0;
      const before = lost.length;
      for (let c = 0; c < m; c++) {
        if (used[c] !== 0 || takers[c]! > 0 || (prices[c] === 0 && !this.required[c])) continue;
        // A required coupon nobody can take: no answer below.
        if (this.required[c]) slack = -Infinity;
        lost.push(c);
        used[c] = 2;
        price += prices[c]!;
      }
      slack -= price;
      if (lost.length === before || slack < 0) break;
    }
    // Tightening costs about as much as the rest of a node: an easy question is answered by its
    // first dive, which it would only slow, so it waits until a node's first branch has failed,
    // unless this question has already cost many nodes.
    const eager = this.nodes - this.askedAt > EAGER_AFTER_NODES;
    // A question still open after many nodes has a gap the prices can't close: from then on each
    // node solves the relaxation of what is left (small: only the options within the slack).
    const resolve = this.nodes - this.askedAt > RESOLVE_AFTER_NODES;
    const stop =
      slack >= 0 &&
      (!eager || this.tightened(score) >= this.target) &&
      (!resolve || this.relaxedHere(score, slack, first) >= this.target) &&
      this.branch(score, slack, first, ways, takers, eager || undefined);
    for (const c of lost) used[c] = 0;
    return stop;
  }

  /**
   * The bound of the linear relaxation of what is left at this node (requiredBound), over the
   * options within the slack: no packing that reaches the target uses any other.
   */
  private relaxedHere(score: number, slack: number, first: Int32Array): number {
    const { m, used } = this;
    const open: Option[][] = [];
    first.forEach((k, d) => {
      if (k < 0) return;
      const value = this.reduced[d]!;
      const opts: Option[] = [];
      for (; k < value.length && value[first[d]!]! - value[k]! <= slack; k++) if (this.free(this.ranked[d]![k]!)) opts.push(this.ranked[d]![k]!);
      open.push(opts);
    });
    const taken = new Uint8Array(m);
    for (const opts of open) for (const o of opts) for (const c of o.coupons) taken[c] = 1;
    const own: number[] = [];
    const required: number[] = [];
    for (let c = 0; c < m; c++) {
      if (taken[c]) own.push(c);
      if (this.required[c] && used[c] === 0) {
        if (!taken[c]) return -Infinity;
        required.push(c);
      }
    }
    return score + requiredBound(open, own, m, this.grain, required, []);
  }

  /**
   * A bound for this node at prices of its own. The root's prices are the best for the whole
   * payment, not for what is left once some orders and coupons are settled; a few rounds of
   * coordinate descent move them toward the best for the node: each free coupon in turn gets the
   * price that minimises the bound with the others fixed, which is the second highest among the
   * open orders of what the coupon adds to an order's best (an order values a coupon at its best
   * option with it over its best without it; above the second highest value only one order would
   * still want it). Any prices give a bound, so the lowest seen is returned. Each new price is a
   * difference of scores and prices, so it stays a multiple of 1/grain like the root's and every
   * sum stays exact: a bound that equals the target is never rounded below it.
   */
  private tightened(score: number): number {
    const { n, m, used, picks } = this;
    const { start, score: value, coupons, orderOf, takersStart, takers } = this.flat;
    const price = Float64Array.from(this.prices);
    // An option's score at the node's prices; −Infinity when its order is settled or a coupon taken.
    const { net, top, arg, withIt } = this.scratch;
    net.fill(-Infinity);
    top.fill(-Infinity);
    arg.fill(-1);
    withIt.fill(-Infinity);
    const has = (j: number, c: number) => coupons[3 * j] === c || coupons[3 * j + 1] === c || coupons[3 * j + 2] === c;
    const rescan = (d: number) => {
      top[d] = -Infinity;
      for (let j = start[d]!; j < start[d + 1]!; j++) {
        if (net[j]! > top[d]!) {
          top[d] = net[j]!;
          arg[d] = j;
        }
      }
    };
    for (let d = 0; d < n; d++) {
      if (picks[d] !== null) continue;
      for (let j = start[d]!; j < start[d + 1]!; j++) {
        let v = value[j]!;
        let free = true;
        for (let t = 3 * j; t < 3 * j + 3; t++) {
          const c = coupons[t]!;
          if (c >= 0) {
            free &&= used[c] === 0;
            v -= price[c]!;
          }
        }
        if (free) net[j] = v;
      }
      rescan(d);
    }
    const bound = () => {
      let total = score;
      for (let c = 0; c < m; c++) if (used[c] === 0) total += price[c]!;
      for (let d = 0; d < n; d++) if (picks[d] === null) total += top[d]!;
      return total;
    };
    let best = bound();
    for (let round = 0; round < TIGHTEN_ROUNDS && best >= this.target; round++) {
      for (let c = 0; c < m; c++) {
        if (used[c] !== 0) continue;
        for (let e = takersStart[c]!; e < takersStart[c + 1]!; e++) {
          const j = takers[e]!;
          const d = orderOf[j]!;
          if (net[j]! + price[c]! > withIt[d]!) withIt[d] = net[j]! + price[c]!;
        }
        let first = -Infinity;
        let second = -Infinity;
        for (let d = 0; d < n; d++) {
          if (withIt[d] === -Infinity) continue;
          let without = top[d]!;
          if (has(arg[d]!, c)) {
            without = -Infinity;
            for (let j = start[d]!; j < start[d + 1]!; j++) if (net[j]! > without && !has(j, c)) without = net[j]!;
          }
          const adds = withIt[d]! - without;
          if (adds > first) {
            second = first;
            first = adds;
          } else if (adds > second) second = adds;
        }
        withIt.fill(-Infinity);
        // A required coupon is used exactly once, so its price may be negative (a reward for
        // using it): the best is the second highest again, or the highest when only one order
        // can take it; none at all, and nothing below can answer.
        if (this.required[c] && first === -Infinity) return -Infinity;
        const next = this.required[c] ? (second === -Infinity ? first : second) : Math.max(0, second);
        const lower = price[c]! - next;
        if (lower === 0) continue;
        price[c] = next;
        for (let e = takersStart[c]!; e < takersStart[c + 1]!; e++) {
          const j = takers[e]!;
          if (net[j] === -Infinity) continue;
          net[j] = net[j]! + lower;
          if (lower > 0 && net[j]! > top[orderOf[j]!]!) {
            top[orderOf[j]!] = net[j]!;
            arg[orderOf[j]!] = j;
          }
        }
        if (lower < 0) for (let d = 0; d < n; d++) if (picks[d] === null && has(arg[d]!, c)) rescan(d);
      }
      best = Math.min(best, bound());
    }
    return best;
  }

  /** Branches on the order or the priced coupon with the fewest ways left (see visit). */
  private branch(score: number, slack: number, first: Int32Array, ways: Int32Array, takers: Int32Array, hopeful: boolean | undefined): boolean {
    const { n, m, prices, ranked, reduced, used } = this;
    // Before any branch but the first: is this node still worth going on with, at its own prices?
    let tried = 0;
    const onward = () => tried++ === 0 || (hopeful ??= this.tightened(score) >= this.target);
    let order = -1;
    let fewest = Infinity;
    for (let d = 0; d < n; d++) {
      if (first[d]! >= 0 && ways[d]! < fewest) {
        fewest = ways[d]!;
        order = d;
      }
    }
    let coupon = -1;
    for (let c = 0; c < m; c++) {
      if (used[c] !== 0 || (prices[c] === 0 && !this.required[c])) continue;
      const count = takers[c]! + (!this.required[c] && prices[c]! <= slack ? 1 : 0);
      if (count === 0) return false; // a required coupon nobody can take
      if (count < fewest) {
        fewest = count;
        coupon = c;
      }
    }
    if (coupon < 0) {
      const value = reduced[order]!;
      const top = value[first[order]!]!;
      for (let k = first[order]!; k < value.length && top - value[k]! <= slack; k++) {
        const o = ranked[order]![k]!;
        if (!this.free(o)) continue;
        if (!onward()) return false;
        if (this.take(order, o, score, first)) return true;
      }
      return false;
    }
    // The coupon goes to one of the options that can take it, best first, or stays unused.
    const takes: { d: number; o: Option; short: number }[] = [];
    for (let d = 0; d < n; d++) {
      if (first[d]! < 0) continue;
      const value = reduced[d]!;
      const top = value[first[d]!]!;
      for (let k = first[d]!; k < value.length && top - value[k]! <= slack; k++) {
        const o = ranked[d]![k]!;
        if (o.coupons.includes(coupon) && this.free(o)) takes.push({ d, o, short: top - value[k]! });
      }
    }
    takes.sort((a, b) => a.short - b.short);
    for (const { d, o } of takes) {
      if (!onward()) return false;
      if (this.take(d, o, score, first)) return true;
    }
    if (this.required[coupon] || prices[coupon]! > slack || !onward()) return false;
    used[coupon] = 2;
    const stop = this.visit(score, first);
    used[coupon] = 0;
    return stop;
  }
}
