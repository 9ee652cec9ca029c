/**
 * The card Element's iframe (`GET /elements/card` on the Stripe port) and its script and styles
 * (`/elements/card.js`, `/elements/card.css`): one row like Stripe's Card Element — brand, card
 * number (4-4-4-4, Amex 4-6-5), expiry "MM / YY", CVC — in English or Chinese. The card number and
 * CVC live only here and in this frame's own POST /v1/payment_methods; the page that mounted the
 * element (sandbox/stripe/stripe-js.ts) gets only the change events and the PaymentMethod.
 *
 * The page's origin and the element's random channel come in the URL's fragment (never sent to the
 * server); every message is checked for its origin, its window and its channel, and posted only to
 * the page's origin. The frame has its own strict CSP (scripts and styles only from this origin,
 * requests only to it). Like stripe-js.ts, the browser code is a string (see why there), written in
 * String.raw: no backticks, no dollar-brace.
 */
import { THREE_DS_CSS, THREE_DS_HTML, THREE_DS_SCRIPT } from './three-ds-frame-page';

const CARD_HTML = (now: number) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="settle-sandbox-now" content="${Math.trunc(now)}">
<title>Card</title>
<link rel="stylesheet" href="/elements/card.css">
</head>
<body>
<div class="row" id="row">
<span class="brand brand-unknown" id="brand" aria-hidden="true"></span>
<input id="number" class="number" type="text" inputmode="numeric" autocomplete="cc-number" autocorrect="off" autocapitalize="off" spellcheck="false">
<input id="expiry" class="expiry" type="text" inputmode="numeric" autocomplete="cc-exp" autocorrect="off" autocapitalize="off" spellcheck="false">
<input id="cvc" class="cvc" type="text" inputmode="numeric" autocomplete="cc-csc" autocorrect="off" autocapitalize="off" spellcheck="false">
</div>
<div id="alert" class="sr-only" role="alert" aria-live="assertive"></div>
<script src="/elements/card.js"></script>
</body>
</html>
`;

export const CARD_CSS = `:root {
  --text: #1a1f36;
  --placeholder: #8792a2;
  --invalid: #df1b41;
  --icon: #6b7385;
  --border: #c4c9d0;
  --focus: #2563eb;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  --size: 15px;
  --weight: 400;
}
html, body { margin: 0; padding: 0; background: transparent; overflow: hidden; }
body { font-family: var(--font); font-size: var(--size); color: var(--text); }
.row {
  box-sizing: border-box; display: flex; align-items: center; gap: 10px;
  height: 42px; padding: 0 12px; border: 1px solid var(--border); border-radius: 6px; background: #fff;
  transition: border-color 0.15s, box-shadow 0.15s;
}
.row.focused { border-color: var(--focus); box-shadow: 0 0 0 3px rgba(37, 99, 235, 0.22); }
.row.invalid { border-color: var(--invalid); }
.row.invalid.focused { box-shadow: 0 0 0 3px rgba(223, 27, 65, 0.18); }
.row.disabled { background: #f2f3f5; border-color: #d8dce1; box-shadow: none; }
input {
  font: inherit; font-weight: var(--weight); color: inherit; background: transparent;
  border: 0; outline: 0; padding: 0; margin: 0; min-width: 0; height: 100%; line-height: normal;
}
input::placeholder { color: var(--placeholder); opacity: 1; }
input.invalid { color: var(--invalid); }
.row.disabled input, .row.disabled input::placeholder { color: #a3aab3; }
.number { flex: 1 1 auto; }
.expiry { flex: 0 0 5.6em; }
.zh .expiry { flex-basis: 6.8em; }
.cvc { flex: 0 0 3.2em; }
.brand {
  flex: 0 0 auto; box-sizing: border-box; width: 32px; height: 21px; border-radius: 4px;
  border: 1.5px solid var(--icon); color: var(--icon); background: transparent;
  font: 700 8px/1 system-ui, sans-serif; letter-spacing: 0.02em;
  display: flex; align-items: center; justify-content: center; overflow: hidden;
}
.brand-unknown { border-width: 1.5px; }
.row.invalid .brand-unknown { border-color: var(--invalid); }
.brand-visa { background: #1a1f71; border-color: #1a1f71; color: #fff; font-style: italic; font-size: 9px; }
.brand-mastercard { background: #252525; border-color: #252525; color: #f79e1b; }
.brand-amex { background: #1f72cd; border-color: #1f72cd; color: #fff; }
.brand-discover { background: #fff; border-color: #f48120; color: #231f20; }
.brand-jcb { background: #0b4ea2; border-color: #0b4ea2; color: #fff; }
.brand-unionpay { background: #d10429; border-color: #d10429; color: #fff; }
.brand-diners { background: #0079be; border-color: #0079be; color: #fff; }
.row.disabled .brand { opacity: 0.45; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;
}
.notice { font: 13px system-ui, sans-serif; color: #555; padding: 8px; }
`;

export const CARD_SCRIPT = String.raw`/* Settle sandbox: the card Element's frame. */
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.hash.slice(1));
  var channel = params.get('channel') || '';
  var pageOrigin = params.get('origin') || '';
  var zh = params.get('locale') === 'zh';
  var options = {};
  try {
    options = JSON.parse(params.get('options') || '{}') || {};
  } catch (e) {
    options = {};
  }
  var row = document.getElementById('row');
  if (!/^[0-9a-f]{32}$/.test(channel) || !pageOrigin) {
    row.textContent = 'This page is the card field of the Settle sandbox\'s Stripe.js: it works only inside a card Element.';
    row.className = 'notice';
    return;
  }
  var target = pageOrigin === 'null' ? '*' : pageOrigin;
  var meta = document.querySelector('meta[name="settle-sandbox-now"]');
  // The sandbox's clock (it may be moved), so that "in the past" means what the emulated API says.
  var clockOffset = meta ? Number(meta.getAttribute('content')) - Date.now() : 0;
  if (!isFinite(clockOffset)) clockOffset = 0;

  var T = zh
    ? {
        lang: 'zh-CN',
        number: '卡号',
        expiry: '月份 / 年份',
        cvc: 'CVC',
        numberLabel: '信用卡或借记卡卡号',
        expiryLabel: '信用卡或借记卡到期日期（月份 / 年份）',
        cvcLabel: '信用卡或借记卡安全码（CVC）',
        messages: {
          incomplete_number: '您的卡号不完整。',
          invalid_number: '您的卡号无效。',
          incomplete_expiry: '您的卡的到期日期不完整。',
          invalid_expiry_month: '您的卡的到期月份无效。',
          invalid_expiry_month_past: '您的卡的到期日期已过。',
          invalid_expiry_year_past: '您的卡的到期年份已过。',
          invalid_expiry_year: '您的卡的到期年份无效。',
          incomplete_cvc: '您的卡的安全码不完整。',
        },
        brands: { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', jcb: 'JCB', unionpay: '银联', diners: 'Diners Club' },
      }
    : {
        lang: 'en',
        number: 'Card number',
        expiry: 'MM / YY',
        cvc: 'CVC',
        numberLabel: 'Credit or debit card number',
        expiryLabel: 'Credit or debit card expiration date (MM / YY)',
        cvcLabel: 'Credit or debit card security code (CVC)',
        messages: {
          incomplete_number: 'Your card number is incomplete.',
          invalid_number: 'Your card number is invalid.',
          incomplete_expiry: 'Your card\'s expiration date is incomplete.',
          invalid_expiry_month: 'Your card\'s expiration month is invalid.',
          invalid_expiry_month_past: 'Your card\'s expiration date is in the past.',
          invalid_expiry_year_past: 'Your card\'s expiration year is in the past.',
          invalid_expiry_year: 'Your card\'s expiration year is invalid.',
          incomplete_cvc: 'Your card\'s security code is incomplete.',
        },
        brands: { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', jcb: 'JCB', unionpay: 'UnionPay', diners: 'Diners Club' },
      };
  var BADGES = { visa: 'VISA', mastercard: 'MC', amex: 'AMEX', discover: 'DISC', jcb: 'JCB', unionpay: 'UP', diners: 'DC' };

  document.documentElement.lang = T.lang;
  if (zh) document.documentElement.classList.add('zh');
  var number = document.getElementById('number');
  var expiry = document.getElementById('expiry');
  var cvc = document.getElementById('cvc');
  var brandBox = document.getElementById('brand');
  var alertBox = document.getElementById('alert');
  var inputs = [number, expiry, cvc];
  number.placeholder = T.number;
  expiry.placeholder = T.expiry;
  cvc.placeholder = T.cvc;
  number.setAttribute('aria-label', T.numberLabel);
  expiry.setAttribute('aria-label', T.expiryLabel);
  cvc.setAttribute('aria-label', T.cvcLabel);
  inputs.forEach(function (input) {
    input.setAttribute('aria-describedby', 'alert');
  });

  // The page's style option, the subset Stripe documents most: through the CSSOM, as CSS variables.
  var style = options.style && typeof options.style === 'object' ? options.style : {};
  var base = style.base && typeof style.base === 'object' ? style.base : {};
  var invalidStyle = style.invalid && typeof style.invalid === 'object' ? style.invalid : {};
  var root = document.documentElement.style;
  function setVar(name, value) {
    if (typeof value === 'string' || typeof value === 'number') root.setProperty(name, String(value));
  }
  setVar('--text', base.color);
  setVar('--size', base.fontSize);
  setVar('--font', base.fontFamily);
  setVar('--weight', base.fontWeight);
  setVar('--icon', base.iconColor);
  setVar('--placeholder', base['::placeholder'] && base['::placeholder'].color);
  setVar('--invalid', invalidStyle.color);

  function post(type, extra) {
    var message = { settleStripe: 'card', channel: channel, type: type };
    if (extra) Object.keys(extra).forEach(function (k) {
      message[k] = extra[k];
    });
    window.parent.postMessage(message, target);
  }

  // ---- the card's rules -------------------------------------------------------------------------

  function digitsOf(text) {
    return String(text).replace(/\D/g, '');
  }
  function brandOf(d) {
    if (/^4/.test(d)) return 'visa';
    if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(d)) return 'mastercard';
    if (/^3[47]/.test(d)) return 'amex';
    if (/^(6011|65|64[4-9])/.test(d)) return 'discover';
    if (/^(352[89]|35[3-8]\d)/.test(d)) return 'jcb';
    if (/^(36|30[0-5]|3095|38|39)/.test(d)) return 'diners';
    if (/^62/.test(d)) return 'unionpay';
    return 'unknown';
  }
  function maxLength(brand) {
    return brand === 'amex' ? 15 : brand === 'diners' ? 14 : brand === 'unionpay' ? 19 : 16;
  }
  function cvcLength(brand) {
    return brand === 'amex' ? 4 : 3;
  }
  function luhn(d) {
    var sum = 0;
    for (var i = 0; i < d.length; i++) {
      var digit = Number(d.charAt(d.length - 1 - i));
      if (i % 2 === 1) {
        digit *= 2;
        if (digit > 9) digit -= 9;
      }
      sum += digit;
    }
    return sum % 10 === 0;
  }
  function formatNumber(d, brand) {
    var groups = brand === 'amex' ? [4, 6, 5] : brand === 'diners' ? [4, 6, 4] : [4, 4, 4, 4, 3];
    var parts = [];
    var at = 0;
    for (var g = 0; g < groups.length && at < d.length; g++) {
      parts.push(d.slice(at, at + groups[g]));
      at += groups[g];
    }
    return parts.join(' ');
  }
  /** "4" is April (04), "13" is January and a 3 (01 / 3), as Stripe reads them. */
  function normalizeExpiry(d) {
    if (/^[2-9]/.test(d)) d = '0' + d;
    else if (/^1[3-9]/.test(d)) d = '01' + d.slice(1);
    return d.slice(0, 4);
  }
  function formatExpiry(d, deleting) {
    if (d.length < 2) return d;
    if (d.length === 2) return deleting ? d : d + ' / ';
    return d.slice(0, 2) + ' / ' + d.slice(2);
  }

  function numberCheck(d) {
    if (!d) return { empty: true, code: 'incomplete_number', soft: true };
    var brand = brandOf(d);
    var full = d.length >= maxLength(brand) || (brand === 'unionpay' && d.length >= 16 && luhn(d));
    if (!full) return { code: 'incomplete_number', soft: true };
    if (!luhn(d)) return { code: 'invalid_number' };
    return { complete: true };
  }
  function expiryCheck(d) {
    if (!d) return { empty: true, code: 'incomplete_expiry', soft: true };
    if (d.length >= 2) {
      var m = Number(d.slice(0, 2));
      if (m < 1 || m > 12) return { code: 'invalid_expiry_month' };
    }
    if (d.length < 4) return { code: 'incomplete_expiry', soft: true };
    var month = Number(d.slice(0, 2));
    var year = 2000 + Number(d.slice(2, 4));
    var now = new Date(Date.now() + clockOffset);
    var thisYear = now.getUTCFullYear();
    if (year < thisYear) return { code: 'invalid_expiry_year_past' };
    if (year === thisYear && month < now.getUTCMonth() + 1) return { code: 'invalid_expiry_month_past' };
    if (year > thisYear + 50) return { code: 'invalid_expiry_year' };
    return { complete: true, month: month, year: year };
  }
  function cvcCheck(d, brand) {
    if (!d) return { empty: true, code: 'incomplete_cvc', soft: true };
    if (d.length < cvcLength(brand)) return { code: 'incomplete_cvc', soft: true };
    return { complete: true };
  }

  // ---- the element's state ---------------------------------------------------------------------

  var touched = { number: false, expiry: false, cvc: false };
  var forced = false;
  var lastSent = '';
  var lastAnnounced = '';

  /** The element's state; a field being typed in keeps its "incomplete" to itself, except at submit. */
  function evaluate(submitting) {
    var nd = digitsOf(number.value);
    var brand = brandOf(nd);
    var checks = [
      [number, numberCheck(nd)],
      [expiry, expiryCheck(digitsOf(expiry.value))],
      [cvc, cvcCheck(digitsOf(cvc.value), brand)],
    ];
    var error;
    var empty = true;
    var complete = true;
    checks.forEach(function (pair) {
      var input = pair[0];
      var r = pair[1];
      if (!r.empty) empty = false;
      if (!r.complete) complete = false;
      var shown = !!r.code && (!r.soft || submitting || (input !== document.activeElement && (forced || (touched[input.id] && !r.empty))));
      input.classList.toggle('invalid', shown);
      input.setAttribute('aria-invalid', shown ? 'true' : 'false');
      if (shown && !error) error = { type: 'validation_error', code: r.code, message: T.messages[r.code] };
    });
    row.classList.toggle('invalid', !!error);
    brandBox.className = 'brand brand-' + brand;
    brandBox.textContent = BADGES[brand] || '';
    if (brand === 'unknown') {
      brandBox.removeAttribute('role');
      brandBox.removeAttribute('aria-label');
      brandBox.setAttribute('aria-hidden', 'true');
    } else {
      brandBox.setAttribute('role', 'img');
      brandBox.setAttribute('aria-label', T.brands[brand]);
      brandBox.removeAttribute('aria-hidden');
    }
    var message = error ? error.message : '';
    if (message !== lastAnnounced) {
      lastAnnounced = message;
      alertBox.textContent = message;
    }
    return { empty: empty, complete: complete, brand: brand, error: error };
  }

  /** Re-evaluates; tells the page on every value change (always) and on a changed state (else). */
  function changed(valueChanged, submitting) {
    var summary = evaluate(submitting);
    var text = JSON.stringify(summary);
    if (valueChanged || text !== lastSent) {
      lastSent = text;
      post('change', summary);
    }
    return summary;
  }

  function isDeleting(event) {
    return !!event && typeof event.inputType === 'string' && event.inputType.indexOf('delete') === 0;
  }
  function caretAfterDigits(text, count) {
    if (count <= 0) return 0;
    var seen = 0;
    for (var i = 0; i < text.length; i++) {
      if (/\d/.test(text.charAt(i))) seen++;
      if (seen === count) return i + 1;
    }
    return text.length;
  }
  function reformat(input, text, digitsBefore, atEnd) {
    input.value = text;
    if (document.activeElement === input) {
      var at = atEnd ? text.length : caretAfterDigits(text, digitsBefore);
      input.setSelectionRange(at, at);
    }
  }
  function caretInfo(input) {
    var raw = input.value;
    var caret = typeof input.selectionStart === 'number' ? input.selectionStart : raw.length;
    return { raw: raw, atEnd: caret >= raw.length, before: digitsOf(raw.slice(0, caret)).length };
  }
  function focusField(input) {
    input.focus();
    var end = input.value.length;
    input.setSelectionRange(end, end);
  }

  number.addEventListener('input', function (event) {
    var c = caretInfo(number);
    var d = digitsOf(c.raw);
    d = d.slice(0, maxLength(brandOf(d)));
    var brand = brandOf(d);
    reformat(number, formatNumber(d, brand), Math.min(c.before, d.length), c.atEnd);
    var code = digitsOf(cvc.value).slice(0, cvcLength(brand));
    if (code !== cvc.value) cvc.value = code;
    changed(true);
    if (c.atEnd && !isDeleting(event) && d.length === maxLength(brand) && numberCheck(d).complete) focusField(expiry);
  });
  expiry.addEventListener('input', function (event) {
    var deleting = isDeleting(event);
    var c = caretInfo(expiry);
    var d = normalizeExpiry(digitsOf(c.raw));
    reformat(expiry, formatExpiry(d, deleting), Math.min(c.before, d.length), c.atEnd);
    changed(true);
    if (c.atEnd && !deleting && d.length === 4 && expiryCheck(d).complete) focusField(cvc);
  });
  cvc.addEventListener('input', function () {
    var c = caretInfo(cvc);
    var d = digitsOf(c.raw).slice(0, cvcLength(brandOf(digitsOf(number.value))));
    reformat(cvc, d, Math.min(c.before, d.length), c.atEnd);
    changed(true);
  });

  inputs.forEach(function (input, index) {
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Backspace' && index > 0 && input.selectionStart === 0 && input.selectionEnd === 0) {
        // Backspace at the start of a field goes back into the one before, as in Stripe's.
        event.preventDefault();
        focusField(inputs[index - 1]);
      } else if (event.key === 'Escape') {
        post('escape');
      } else if (event.key === 'Enter') {
        event.preventDefault();
        post('submit');
      }
    });
  });

  var hasFocus = false;
  inputs.forEach(function (input) {
    input.addEventListener('focus', function () {
      row.classList.add('focused');
      if (!hasFocus) {
        hasFocus = true;
        post('focus');
      }
      changed(false);
    });
    input.addEventListener('blur', function () {
      if (input.value !== '') touched[input.id] = true;
      setTimeout(function () {
        if (inputs.indexOf(document.activeElement) < 0 && hasFocus) {
          hasFocus = false;
          row.classList.remove('focused');
          post('blur');
        }
        changed(false);
      }, 0);
    });
  });

  function setDisabled(disabled) {
    // A field that is disabled while focused would keep the focus ring and never send blur.
    if (disabled && inputs.indexOf(document.activeElement) >= 0) document.activeElement.blur();
    row.classList.toggle('disabled', disabled);
    inputs.forEach(function (input) {
      input.disabled = disabled;
    });
  }
  setDisabled(!!options.disabled);

  // ---- creating the PaymentMethod: the card data go from here to the API, nowhere else -------------

  function encodeForm(params) {
    var pairs = [];
    function add(prefix, value) {
      if (value === undefined || value === null) return;
      if (typeof value === 'object') {
        Object.keys(value).forEach(function (k) {
          add(prefix ? prefix + '[' + k + ']' : k, value[k]);
        });
        return;
      }
      pairs.push(encodeURIComponent(prefix) + '=' + encodeURIComponent(String(value)));
    }
    add('', params);
    return pairs.join('&');
  }

  function createPaymentMethod(key, data) {
    forced = true;
    var summary = changed(false, true);
    if (summary.error) return Promise.resolve({ error: summary.error });
    var exp = expiryCheck(digitsOf(expiry.value));
    var extra = data && typeof data === 'object' ? data : {};
    var body = encodeForm({
      key: key,
      type: 'card',
      card: { number: digitsOf(number.value), exp_month: exp.month, exp_year: exp.year, cvc: digitsOf(cvc.value) },
      billing_details: extra.billing_details,
      metadata: extra.metadata,
    });
    return window
      .fetch('/v1/payment_methods', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body,
        credentials: 'omit',
        cache: 'no-store',
      })
      .then(
        function (response) {
          return response.json().then(
            function (json) {
              if (response.ok) return { paymentMethod: json };
              return { error: (json && json.error) || { type: 'api_error', message: 'The Stripe API answered ' + response.status + '.' } };
            },
            function () {
              return { error: { type: 'api_error', message: 'The Stripe API answered ' + response.status + ' without JSON.' } };
            },
          );
        },
        function () {
          return { error: { type: 'api_connection_error', message: 'An error occurred with our connection to Stripe.' } };
        },
      );
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || event.origin !== pageOrigin) return;
    var data = event.data;
    if (!data || typeof data !== 'object' || data.settleStripe !== 'page' || data.channel !== channel) return;
    switch (data.type) {
      case 'focus':
        focusField(number);
        break;
      case 'blur':
        if (inputs.indexOf(document.activeElement) >= 0) document.activeElement.blur();
        break;
      case 'clear':
        inputs.forEach(function (input) {
          input.value = '';
        });
        touched = { number: false, expiry: false, cvc: false };
        forced = false;
        changed(true);
        break;
      case 'update':
        if (data.options && typeof data.options.disabled === 'boolean') setDisabled(data.options.disabled);
        break;
      case 'createPaymentMethod':
        createPaymentMethod(String(data.key || ''), data.data).then(function (result) {
          post('result', { requestId: data.requestId, result: result });
        });
        break;
      default:
        break;
    }
  });

  function reportHeight() {
    post('height', { height: Math.ceil(document.documentElement.getBoundingClientRect().height) });
  }
  if (typeof ResizeObserver === 'function') new ResizeObserver(reportHeight).observe(document.body);
  evaluate();
  reportHeight();
  post('ready');
})();
`;

/** The frame pages' headers: their own strict CSP, framable by any page (as Stripe's are). */
const FRAME_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export interface ElementsAsset {
  readonly contentType: string;
  readonly body: string;
  readonly csp?: string;
}

/** What the Stripe port serves under /elements/ (the card Element's frame, the 3DS modal's frame), or undefined. */
export function elementsAsset(pathname: string, now: number): ElementsAsset | undefined {
  switch (pathname) {
    case '/elements/card':
      return { contentType: 'text/html; charset=utf-8', body: CARD_HTML(now), csp: FRAME_CSP };
    case '/elements/card.js':
      return { contentType: 'text/javascript; charset=utf-8', body: CARD_SCRIPT };
    case '/elements/card.css':
      return { contentType: 'text/css; charset=utf-8', body: CARD_CSS };
    case '/elements/3ds':
      return { contentType: 'text/html; charset=utf-8', body: THREE_DS_HTML, csp: FRAME_CSP };
    case '/elements/3ds.js':
      return { contentType: 'text/javascript; charset=utf-8', body: THREE_DS_SCRIPT };
    case '/elements/3ds.css':
      return { contentType: 'text/css; charset=utf-8', body: THREE_DS_CSS };
    default:
      return undefined;
  }
}
