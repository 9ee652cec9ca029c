/**
 * The frame of the 3-D Secure modal (`GET /elements/3ds` on the Stripe port): the page's Stripe.js
 * (sandbox/stripe/stripe-js.ts) shows it over the page when confirmCardPayment meets next_action
 * use_stripe_sdk, and it holds the emulation's challenge page (next_action.use_stripe_sdk.stripe_js,
 * served by server.ts) in an iframe of its own. Being of the challenge's origin, it can
 *  - see Escape pressed inside the challenge (keys typed in a cross-origin frame never reach the page),
 *  - fail the authentication the way the challenge's own Fail button does (it clicks it), for Escape
 *    and for the page's Cancel,
 *  - put focus on the challenge's first button,
 * and it passes the challenge's `settle-sandbox-3ds-complete` message on to the page, checked (origin,
 * window, channel) both ways like the card Element's frame. Its browser code is a string for the
 * reasons given in stripe-js.ts.
 */

export const THREE_DS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>3D Secure</title>
<link rel="stylesheet" href="/elements/3ds.css">
</head>
<body>
<iframe id="challenge" title="3D Secure challenge"></iframe>
<script src="/elements/3ds.js"></script>
</body>
</html>
`;

export const THREE_DS_CSS = `html, body { margin: 0; padding: 0; height: 100%; background: #fff; overflow: hidden; }
iframe { display: block; border: 0; width: 100%; height: 100%; }
.notice { font: 13px system-ui, sans-serif; color: #555; padding: 8px; }
`;

export const THREE_DS_SCRIPT = String.raw`/* Settle sandbox: the 3-D Secure modal's frame. */
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.hash.slice(1));
  var channel = params.get('channel') || '';
  var pageOrigin = params.get('origin') || '';
  var path = params.get('challenge') || '';
  var frame = document.getElementById('challenge');
  if (!/^[0-9a-f]{32}$/.test(channel) || !pageOrigin || !/^\/3ds\/[^/?#]+\/challenge\?[^#]*$/.test(path)) {
    var notice = document.createElement('p');
    notice.className = 'notice';
    notice.textContent = 'This page is the 3D Secure modal of the Settle sandbox\'s Stripe.js: it works only inside it.';
    frame.replaceWith(notice);
    return;
  }
  if (params.get('locale') === 'zh') {
    document.documentElement.lang = 'zh-CN';
    frame.title = '3D Secure 验证页面';
  }
  var target = pageOrigin === 'null' ? '*' : pageOrigin;
  var ready = false;
  var done = false;
  var failing = false;

  function post(type, extra) {
    var message = { settleStripe: '3ds', channel: channel, type: type };
    if (extra) Object.keys(extra).forEach(function (k) {
      message[k] = extra[k];
    });
    window.parent.postMessage(message, target);
  }
  function challengeDocument() {
    try {
      return frame.contentDocument;
    } catch (e) {
      return null;
    }
  }
  function focusChallenge() {
    var doc = challengeDocument();
    var button = doc && doc.querySelector('button');
    if (button) button.focus();
    else if (frame.contentWindow) frame.contentWindow.focus();
  }
  function complete(status, intentId) {
    if (done) return;
    done = true;
    post('complete', { payment_intent: intentId || null, redirect_status: status === 'succeeded' ? 'succeeded' : 'failed' });
  }
  /** Fails the authentication: with the challenge's own Fail button, or (no button on show) as it would. */
  function fail() {
    if (done || failing) return;
    failing = true;
    var doc = challengeDocument();
    var button = doc && doc.querySelector('button[name="fail"]');
    if (button) {
      button.click();
      return;
    }
    var query = new URLSearchParams(path.slice(path.indexOf('?') + 1));
    var body = new URLSearchParams({ client_secret: query.get('client_secret') || '', result: 'fail' });
    window
      .fetch(path.slice(0, path.indexOf('?')), { method: 'POST', body: body, credentials: 'omit', cache: 'no-store' })
      .then(
        function () {
          complete('failed');
        },
        function () {
          complete('failed');
        },
      );
  }
  function onKey(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      fail();
    }
  }
  document.addEventListener('keydown', onKey);
  frame.addEventListener('load', function () {
    var doc = challengeDocument();
    if (doc) doc.addEventListener('keydown', onKey);
    if (!ready) {
      ready = true;
      post('ready');
    } else if (!done) {
      focusChallenge();
    }
  });
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object') return;
    if (event.source === frame.contentWindow && event.origin === window.location.origin) {
      if (data.type === 'settle-sandbox-3ds-complete') complete(data.redirect_status, data.payment_intent);
      return;
    }
    if (event.source !== window.parent || event.origin !== pageOrigin || data.settleStripe !== 'page' || data.channel !== channel) return;
    if (data.type === 'cancel') fail();
    else if (data.type === 'focus') focusChallenge();
  });
  frame.src = path;
})();
`;
