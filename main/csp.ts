/**
 * The renderer's Content-Security-Policy, one string for both faces: the app:// protocol handler in
 * Electron and the loopback web server. Scripts only from the app itself; connections only to the
 * app itself (the web face's /api); Stripe's origins are added by the card-payment issue.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
