/**
 * The renderer's Content-Security-Policy, for both faces: the app:// protocol handler in Electron
 * and the loopback web server. Scripts and connections only to the app itself, plus exactly what
 * the card form needs: Stripe's documented hosts when Stripe.js comes from Stripe, or the one
 * origin of the Stripe.js that demo mode loads (the sandbox's emulation).
 */

/** Where the card form's script, frames and requests may come from. */
export interface CardFormSources {
  readonly script: readonly string[];
  readonly frame: readonly string[];
  readonly connect: readonly string[];
}

/** Stripe.js from js.stripe.com: its script, its fields' and 3-D Secure frames, and its API (docs.stripe.com/security/guide#content-security-policy). */
export const STRIPE_SOURCES: CardFormSources = {
  script: ['https://js.stripe.com', 'https://*.js.stripe.com'],
  frame: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  connect: ['https://api.stripe.com'],
};

/** The card form's sources for a Stripe.js URL: null is Stripe's own; another URL allows its origin only. */
export function cardFormSources(scriptUrl: string | null): CardFormSources {
  if (scriptUrl === null) return STRIPE_SOURCES;
  const { origin } = new URL(scriptUrl);
  return { script: [origin], frame: [origin], connect: [origin] };
}

/** Without a card form (the app's start failed, or a face that pays nothing): the app itself only. */
export const NO_CARD_FORM: CardFormSources = { script: [], frame: [], connect: [] };

export function rendererCsp(card: CardFormSources): string {
  const sources = (own: string, extra: readonly string[]) => [own, ...extra].join(' ');
  return [
    "default-src 'none'",
    `script-src ${sources("'self'", card.script)}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${sources("'self'", card.connect)}`,
    ...(card.frame.length > 0 ? [`frame-src ${card.frame.join(' ')}`] : []),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
