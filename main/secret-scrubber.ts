/**
 * Removes configured secrets (the billing token; card and payment-processor secrets as they come)
 * from text that came from outside before it is logged, stored or shown: a billing API that echoes
 * the Authorization header in an error message must not put the token on disk or on screen. Key-name
 * redaction can't see a secret inside a message; this can.
 */
export const REDACTED = '[redacted]';

/**
 * A piece of a secret this long is scrubbed on its own (a service may echo part of a token);
 * shorter runs would match ordinary words. A secret shorter than this is scrubbed whole only.
 */
export const MIN_SECRET_FRAGMENT = 8;

/**
 * Shorter "secrets" are not scrubbed at all: scrubbing every "t" of a message protects nothing (a
 * real token is dozens of characters) and makes every message unreadable.
 */
export const MIN_SECRET_LENGTH = 6;

export class SecretScrubber {
  private readonly secrets = new Set<string>();
  /** Every MIN_SECRET_FRAGMENT-long piece of every secret. */
  private readonly fragments = new Set<string>();

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string): void {
    if (secret.length < MIN_SECRET_LENGTH) return;
    this.secrets.add(secret);
    for (let i = 0; i + MIN_SECRET_FRAGMENT <= secret.length; i++) this.fragments.add(secret.slice(i, i + MIN_SECRET_FRAGMENT));
  }

  /**
   * The text with every secret, and every run of MIN_SECRET_FRAGMENT or more characters of one,
   * replaced by [redacted]. A run of a secret that long is covered by the fragments starting
   * within it, so one pass over the text's windows finds them all.
   */
  scrub(text: string): string {
    if (this.secrets.size === 0 || text.length === 0) return text;
    const hidden = new Uint8Array(text.length);
    let found = false;
    for (let i = 0; i + MIN_SECRET_FRAGMENT <= text.length; i++) {
      if (this.fragments.has(text.slice(i, i + MIN_SECRET_FRAGMENT))) {
        hidden.fill(1, i, i + MIN_SECRET_FRAGMENT);
        found = true;
      }
    }
    for (const secret of this.secrets) {
      if (secret.length >= MIN_SECRET_FRAGMENT) continue;
      for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + secret.length)) {
        hidden.fill(1, at, at + secret.length);
        found = true;
      }
    }
    if (!found) return text;
    let out = '';
    for (let i = 0; i < text.length; i++) {
      if (hidden[i] === 0) out += text[i];
      else if (i === 0 || hidden[i - 1] === 0) out += REDACTED;
    }
    return out;
  }

  /** Strings scrubbed wherever they sit in plain data (a log line's fields). */
  scrubValue(value: unknown): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (Array.isArray(value)) return value.map((v) => this.scrubValue(v));
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.scrubValue(v)]));
    }
    return value;
  }
}
