import { describe, expect, it } from 'vitest';
import { NO_CARD_FORM, cardFormSources, rendererCsp } from '../../main/csp';

const directives = (csp: string) => Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

describe("the page's CSP, per card form", () => {
  it("with Stripe's own Stripe.js: Stripe's documented script, frame and API hosts, and nothing else", () => {
    const csp = directives(rendererCsp(cardFormSources(null)));
    expect(csp['script-src']).toEqual(["'self'", 'https://js.stripe.com', 'https://*.js.stripe.com']);
    expect(csp['frame-src']).toEqual(['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com']);
    expect(csp['connect-src']).toEqual(["'self'", 'https://api.stripe.com']);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['default-src']).toEqual(["'none'"]);
  });

  it("in demo mode: the sandbox's one origin (its port), not its path and not other loopback ports", () => {
    const csp = directives(rendererCsp(cardFormSources('http://127.0.0.1:41234/js/v3.js')));
    expect(csp['script-src']).toEqual(["'self'", 'http://127.0.0.1:41234']);
    expect(csp['frame-src']).toEqual(['http://127.0.0.1:41234']);
    expect(csp['connect-src']).toEqual(["'self'", 'http://127.0.0.1:41234']);
  });

  it('without a card form: the app itself only, and no frames at all', () => {
    const csp = directives(rendererCsp(NO_CARD_FORM));
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['frame-src']).toBeUndefined();
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
  });
});
