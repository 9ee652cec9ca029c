/**
 * Stripe.js for the card form. `loadStripe` (the `pure` entry, which loads nothing until asked)
 * injects js.stripe.com's script, or uses a `window.Stripe` that is there already: in demo mode the
 * sandbox's Stripe.js-compatible script is put there first, from the one origin the page's CSP
 * allows. Either way the card fields are Stripe's iframes: card data never enters this page.
 */
import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';

const loaded = new Map<string, Promise<Stripe | null>>();

function injectScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error(`the card form's script did not load from ${new URL(src).origin}`)));
    document.head.appendChild(script);
  });
}

export function cardStripe(publishableKey: string, scriptUrl: string | null, locale: 'en' | 'zh'): Promise<Stripe | null> {
  const key = `${scriptUrl ?? 'stripe'} ${publishableKey} ${locale}`;
  let stripe = loaded.get(key);
  if (!stripe) {
    const ready = scriptUrl !== null && !('Stripe' in window) ? injectScript(scriptUrl) : Promise.resolve();
    stripe = ready.then(() => loadStripe(publishableKey, { locale }));
    // A failed load may be tried again (the clerk goes back and forth).
    stripe.catch(() => loaded.delete(key));
    loaded.set(key, stripe);
  }
  return stripe;
}
