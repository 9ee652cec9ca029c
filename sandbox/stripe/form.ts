/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed keys, as the stripe
 * SDK and Stripe.js write them — `card[number]=…`, `metadata[order]=…`, `expand[0]=…` or `expand[]=…`.
 * Parsed into nested objects; lists stay objects keyed "0", "1", … (or pushed for `[]`) and are read
 * as lists only where a parameter is one (`listParam`), since `metadata[0]` is a key, not an index.
 */

export type FormValue = string | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** A malformed key (`a[b`, `a]`), or one key given twice with different shapes. */
export class FormError extends Error {
  constructor(readonly param: string) {
    super(`Invalid parameter: ${param}`);
  }
}

const MAX_DEPTH = 5;

export function parseForm(text: string): FormObject {
  const root: FormObject = Object.create(null) as FormObject;
  if (text.trim() === '') return root;
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = keyPath(rawKey);
    let node = root;
    for (let i = 0; i < path.length - 1; i++) {
      const segment = path[i] === '' ? String(Object.keys(node).length) : (path[i] as string);
      const next = node[segment];
      if (next === undefined) {
        const child = Object.create(null) as FormObject;
        node[segment] = child;
        node = child;
      } else if (typeof next === 'string') {
        throw new FormError(rawKey);
      } else {
        node = next;
      }
    }
    const last = path.at(-1) as string;
    const leaf = last === '' ? String(Object.keys(node).length) : last;
    if (typeof node[leaf] === 'object') throw new FormError(rawKey);
    node[leaf] = value;
  }
  return root;
}

function keyPath(rawKey: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
  if (!match?.[1]) throw new FormError(rawKey);
  const rest = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '');
  if (rest.length > MAX_DEPTH) throw new FormError(rawKey);
  return [match[1], ...rest];
}

/** A list parameter (`expand[0]=a&expand[1]=b`, `expand[]=a`, or a single `expand=a`) as strings. */
export function listParam(value: FormValue | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value === '' ? [] : [value];
  return Object.keys(value)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => {
      const item = value[k];
      return typeof item === 'string' ? item : '';
    });
}

/** The params as text that is the same for the same params in any order: what idempotency compares. */
export function canonical(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(value[k] as FormValue)}`)
    .join(',')}}`;
}
