/**
 * The linear relaxation of a set packing: maximise Σ value·x over columns, each row (a resource:
 * an order, a coupon) used at most once, 0 ≤ x. Solved by a primal simplex on a dense basis
 * inverse, which suits Best savings' shape: few rows (orders + coupons, ~70), thousands of columns
 * with at most 4 entries each, so pricing a column costs 4 additions.
 *
 * The row duals serve as prices for a Lagrangian bound: any non-negative prices give a valid
 * bound, so floating point and an iteration cap can only make the bound looser, never wrong. The
 * primal levels hint at a packing; whoever uses them checks it exactly.
 */

/** The columns, flat (thousands of them are built per relaxation): column j has value values[j] and uses rows[start[j]] … rows[start[j + 1] − 1], each once. */
export interface PackingColumns {
  readonly values: Float64Array;
  readonly start: Int32Array;
  readonly rows: Int32Array;
}

const EPS = 1e-9;
/** After this many pivots that move nothing, Bland's rule takes over so that the simplex can't cycle. */
const DEGENERATE_BEFORE_BLAND = 30;
/** Pivots between fresh computations of the duals (each costs rows² operations). */
const DUALS_AFRESH_EVERY = 20;
/** Variables priced per pivot before the best so far enters (when one gains). */
const PRICING_WINDOW = 512;

export interface PackingRelaxation {
  /** Per row, ≥ 0. */
  readonly duals: Float64Array;
  /** Per column, its level in the last basis (0 when not basic). */
  readonly levels: Float64Array;
}

/** The relaxation at its optimum, unless `maxPivots` ran out first. */
export function packingRelaxation({ values, start, rows: flat }: PackingColumns, rowCount: number, maxPivots = 50 * rowCount): PackingRelaxation {
  const R = rowCount;
  const columns = { length: values.length };
  // Scaling the values to about 1 keeps the pivots' tolerances meaningful whatever the amounts.
  const scale = values.reduce((most, v) => Math.max(most, Math.abs(v)), 1);
  const value = values.map((v) => v / scale);
  const variables = columns.length + R;
  /** Where partial pricing goes on from. */
  let cursor = 0;
  const inverse = new Float64Array(R * R);
  for (let r = 0; r < R; r++) inverse[r * R + r] = 1;
  /** The variable basic in each row: a column index, or columns.length + r for the slack of row r. */
  const basis = Int32Array.from({ length: R }, (_, r) => columns.length + r);
  const inBasis = new Uint8Array(columns.length + R);
  for (let r = 0; r < R; r++) inBasis[columns.length + r] = 1;
  const level = new Float64Array(R).fill(1);
  const basisValue = new Float64Array(R);
  const dual = new Float64Array(R);
  const alpha = new Float64Array(R);
  let degenerate = 0;

  const computeDuals = () => {
    dual.fill(0);
    for (let r = 0; r < R; r++) {
      const v = basisValue[r]!;
      if (v !== 0) for (let k = 0; k < R; k++) dual[k] = dual[k]! + v * inverse[r * R + k]!;
    }
  };

  for (let pivot = 0; pivot < maxPivots; pivot++) {
    // Between pivots the duals are updated (below); computed afresh now and then against drift.
    if (pivot % DUALS_AFRESH_EVERY === 0) computeDuals();
    const bland = degenerate >= DEGENERATE_BEFORE_BLAND;
    // Partial pricing: the best gain among the next PRICING_WINDOW variables (columns, then
    // slacks) that has one, going on from where the last pivot stopped; pricing every column at
    // each pivot is most of the work. Bland's rule takes the first variable that gains.
    let entering = -1;
    let bestGain = EPS;
    const from = bland ? 0 : cursor;
    for (let seen = 0; seen < variables; seen++) {
      if (entering >= 0 && (bland || seen % PRICING_WINDOW === 0)) break;
      const j = (from + seen) % variables;
      if (inBasis[j]) continue;
      let gain: number;
      if (j < columns.length) {
        gain = value[j]!;
        for (let e = start[j]!; e < start[j + 1]!; e++) gain -= dual[flat[e]!]!;
      } else {
        gain = -dual[j - columns.length]!;
      }
      if (gain > bestGain) {
        bestGain = gain;
        entering = j;
        cursor = (j + 1) % variables;
      }
    }
    if (entering < 0) break;

    alpha.fill(0);
    const rows = entering < columns.length ? flat.subarray(start[entering]!, start[entering + 1]!) : [entering - columns.length];
    for (let r = 0; r < R; r++) for (const k of rows) alpha[r] = alpha[r]! + inverse[r * R + k]!;
    let leaving = -1;
    let ratio = Infinity;
    for (let r = 0; r < R; r++) {
      if (alpha[r]! <= EPS) continue;
      const t = level[r]! / alpha[r]!;
      if (t < ratio - EPS || (t < ratio + EPS && leaving >= 0 && (bland ? basis[r]! < basis[leaving]! : alpha[r]! > alpha[leaving]!))) {
        ratio = t;
        leaving = r;
      }
    }
    if (leaving < 0) break; // unbounded: impossible with rows of capacity 1, but never loop on it
    degenerate = ratio < EPS ? degenerate + 1 : 0;

    const p = leaving;
    const a = alpha[p]!;
    for (let k = 0; k < R; k++) inverse[p * R + k]! /= a;
    level[p]! /= a;
    for (let r = 0; r < R; r++) {
      const f = alpha[r]!;
      if (r === p || f === 0) continue;
      for (let k = 0; k < R; k++) inverse[r * R + k]! -= f * inverse[p * R + k]!;
      level[r]! -= f * level[p]!;
    }
    inBasis[basis[p]!] = 0;
    inBasis[entering] = 1;
    basis[p] = entering;
    basisValue[p] = entering < columns.length ? value[entering]! : 0;
    // The new duals are the old plus the entering variable's gain times the pivot row of the new inverse.
    for (let k = 0; k < R; k++) dual[k] = dual[k]! + bestGain * inverse[p * R + k]!;
  }
  computeDuals();
  const levels = new Float64Array(columns.length);
  for (let r = 0; r < R; r++) if (basis[r]! < columns.length) levels[basis[r]!] = level[r]!;
  return { duals: dual.map((d) => Math.max(0, d * scale)), levels };
}
