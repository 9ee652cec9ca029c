/**
 * The Settle sandbox's Stripe.js (`GET /js/v3.js` and `/endive/stripe.js` on the Stripe port): the
 * subset of Stripe.js v3 ("endive") that card payment uses — `Stripe(key)`, `elements()`, the card
 * Element, `createPaymentMethod`, `confirmCardPayment` (with the 3-D Secure modal) and
 * `retrievePaymentIntent` — with the shapes of @stripe/stripe-js's type definitions. As with real
 * Stripe, the card number and CVC never enter the page: they are typed into an iframe served by the
 * Stripe port (sandbox/stripe/card-element-page.ts), which alone sends them to POST /v1/payment_methods.
 *
 * Why a string and not TypeScript functions whose `.toString()` is served: the sandbox runs under four
 * different transformers (tsx for the CLI, Playwright's Babel in tests, Vitest, and rolldown when
 * demo mode bundles it into the Electron main process), each free to rewrite a function body (name
 * helpers such as esbuild's `__name`, down-levelling, coverage or mutation instrumentation), so the
 * served text would differ by who loaded the module; and sandbox/ is type-checked without the DOM
 * library. A string is served byte for byte as written. test/unit/stripe-js-source.test.ts parses it
 * and runs it against a stub window; test/e2e/stripe-js.spec.ts runs it in Chromium under the app's CSP.
 *
 * The browser code must keep to what that CSP allows: no eval or `new Function`, no `<style>` or
 * `style="…"` (styles are set through the CSSOM), no inline event handler attributes. It is written
 * inside String.raw, so it may not use backticks or dollar-brace.
 *
 * Messages (all through postMessage, `event.origin` and `event.source` checked on both sides, each
 * carrying the element's random `channel`):
 *   page → card frame   {settleStripe: 'page', channel, type: 'createPaymentMethod', requestId, data: {billing_details?, metadata?}}
 *                       {settleStripe: 'page', channel, type: 'focus' | 'blur' | 'clear'}
 *                       {settleStripe: 'page', channel, type: 'update', options: {disabled?}}
 *   card frame → page   {settleStripe: 'card', channel, type: 'ready' | 'focus' | 'blur' | 'escape' | 'submit'}
 *                       {settleStripe: 'card', channel, type: 'height', height}
 *                       {settleStripe: 'card', channel, type: 'change', empty, complete, brand, error?}
 *                       {settleStripe: 'card', channel, type: 'result', requestId, result: {paymentMethod} | {error}}
 *   page → 3DS frame    {settleStripe: 'page', channel, type: 'focus' | 'cancel'}
 *   3DS frame → page    {settleStripe: '3ds', channel, type: 'ready'}
 *                       {settleStripe: '3ds', channel, type: 'complete', payment_intent, redirect_status}
 */

const SOURCE = String.raw`/* Settle sandbox: a Stripe.js-compatible subset (card payments). Not Stripe's code. */
(function () {
  'use strict';
  if (typeof window === 'undefined') return;
  if (window.Stripe && window.Stripe.__settleSandbox) return;

  var STRIPE_ORIGIN = "__SETTLE_STRIPE_ORIGIN__";
  var PAGE_ORIGIN = window.location.origin;
  var NOT_EMULATED = ' is not emulated by the Settle sandbox (its Stripe.js covers card payments only: see sandbox/stripe/README.md).';
  var CONNECTION_MESSAGE = 'An error occurred with our connection to Stripe.';

  function notEmulated(what) {
    return function () {
      throw new Error(what + NOT_EMULATED);
    };
  }

  function integrationError(message) {
    var error = new Error(message);
    error.name = 'IntegrationError';
    return error;
  }

  function randomChannel() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }

  function resolveLocale(locale, fallback) {
    var value = locale || fallback || 'auto';
    if (value === 'auto') value = (window.navigator && window.navigator.language) || 'en';
    return /^zh/i.test(String(value)) ? 'zh' : 'en';
  }

  /** Form-encodes nested params as Stripe does: card[number], billing_details[address][city]. */
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

  /** One call to the emulated API: resolves to the parsed body and status, or to an api_connection_error. */
  function api(method, path, params) {
    var body = encodeForm(params);
    var url = STRIPE_ORIGIN + path + (method === 'GET' ? '?' + body : '');
    var init = { method: method, credentials: 'omit', cache: 'no-store' };
    if (method !== 'GET') {
      init.headers = { 'content-type': 'application/x-www-form-urlencoded' };
      init.body = body;
    }
    return window.fetch(url, init).then(
      function (response) {
        return response.json().then(
          function (json) {
            return { status: response.status, body: json };
          },
          function () {
            return { status: response.status, body: { error: { type: 'api_error', message: 'The Stripe API answered ' + response.status + ' without JSON.' } } };
          },
        );
      },
      function () {
        return { status: 0, body: { error: { type: 'api_connection_error', message: CONNECTION_MESSAGE } } };
      },
    );
  }

  function intentIdOf(clientSecret, method) {
    var match = typeof clientSecret === 'string' ? /^(pi_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(clientSecret) : null;
    if (!match) {
      throw integrationError('Invalid value for ' + method + ' intent secret: value should be a client_secret string. You specified: ' + String(clientSecret) + '.');
    }
    return match[1];
  }

  function onMessage(listener) {
    window.addEventListener('message', listener);
    return function () {
      window.removeEventListener('message', listener);
    };
  }

  /** Everything an element's frame said to this page, checked: its origin, its window and its channel. */
  function fromFrame(event, frame, channel, kind) {
    var data = event.data;
    return (
      event.origin === STRIPE_ORIGIN &&
      !!frame &&
      event.source === frame.contentWindow &&
      !!data &&
      typeof data === 'object' &&
      data.settleStripe === kind &&
      data.channel === channel
    );
  }

  var BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'jcb', 'unionpay', 'diners', 'unknown'];
  var CARD_ELEMENTS = new WeakMap();

  // ---- the card Element ----------------------------------------------------------------------

  function createCardElement(group, options) {
    var channel = randomChannel();
    var handlers = {};
    var state = { empty: true, complete: false, brand: 'unknown', error: undefined };
    var disabled = !!options.disabled;
    var container = null;
    var holder = null;
    var frame = null;
    var ready = false;
    var destroyed = false;
    var queue = [];
    var pending = {};
    var nextRequest = 1;
    var stopListening = null;

    function emit(type, event) {
      (handlers[type] || []).slice().forEach(function (h) {
        try {
          h(event);
        } catch (error) {
          setTimeout(function () {
            throw error;
          });
        }
      });
    }

    function send(message) {
      message.settleStripe = 'page';
      message.channel = channel;
      if (!ready || !frame || !frame.contentWindow) queue.push(message);
      else frame.contentWindow.postMessage(message, STRIPE_ORIGIN);
    }

    function setClass(name, on) {
      if (container) container.classList.toggle('StripeElement--' + name, !!on);
    }

    function classes() {
      setClass('empty', state.empty);
      setClass('complete', state.complete);
      setClass('invalid', !!state.error);
    }

    function failPending(reason) {
      Object.keys(pending).forEach(function (id) {
        var p = pending[id];
        delete pending[id];
        p.reject(integrationError(reason));
      });
    }

    function receive(event) {
      if (!fromFrame(event, frame, channel, 'card')) return;
      var data = event.data;
      switch (data.type) {
        case 'ready':
          ready = true;
          queue.splice(0).forEach(function (m) {
            frame.contentWindow.postMessage(m, STRIPE_ORIGIN);
          });
          emit('ready', { elementType: 'card' });
          break;
        case 'height':
          if (typeof data.height === 'number' && data.height > 0 && data.height < 400) frame.style.height = Math.ceil(data.height) + 'px';
          break;
        case 'change': {
          var brand = BRANDS.indexOf(data.brand) >= 0 ? data.brand : 'unknown';
          state = { empty: !!data.empty, complete: !!data.complete, brand: brand, error: data.error || undefined };
          classes();
          var change = { elementType: 'card', empty: state.empty, complete: state.complete, brand: brand, value: { postalCode: '' } };
          if (state.error) change.error = { type: 'validation_error', code: String(state.error.code), message: String(state.error.message) };
          emit('change', change);
          break;
        }
        case 'focus':
          setClass('focus', true);
          emit('focus', { elementType: 'card' });
          break;
        case 'blur':
          setClass('focus', false);
          emit('blur', { elementType: 'card' });
          break;
        case 'escape':
          emit('escape', { elementType: 'card' });
          break;
        case 'submit': {
          var form = container && container.closest('form');
          if (form && typeof form.requestSubmit === 'function') form.requestSubmit();
          break;
        }
        case 'result': {
          var p = pending[data.requestId];
          if (!p) return;
          delete pending[data.requestId];
          p.resolve(data.result);
          break;
        }
        default:
          break;
      }
    }

    var element = {
      mount: function (target) {
        if (destroyed) throw integrationError('This Element has already been destroyed. Please create a new one.');
        if (container) throw integrationError('This Element is already mounted. Use unmount() to unmount the Element before re-mounting.');
        var node = typeof target === 'string' ? document.querySelector(target) : target;
        if (!node || typeof node.appendChild !== 'function') {
          throw integrationError('The selector you specified (' + String(target) + ') applies to no DOM elements that are currently on the page. Make sure the element exists on the page before calling mount().');
        }
        container = node;
        container.classList.add('StripeElement');
        classes();
        setClass('disabled', disabled);
        holder = document.createElement('div');
        holder.className = '__PrivateStripeElement';
        holder.style.margin = '0';
        holder.style.padding = '0';
        holder.style.border = 'none';
        holder.style.display = 'block';
        holder.style.background = 'transparent';
        holder.style.position = 'relative';
        frame = document.createElement('iframe');
        frame.name = '__privateStripeFrame' + channel.slice(0, 8);
        frame.title = group.locale === 'zh' ? '安全的银行卡付款输入框' : 'Secure card payment input frame';
        frame.setAttribute('frameborder', '0');
        frame.setAttribute('scrolling', 'no');
        frame.setAttribute('allowtransparency', 'true');
        frame.setAttribute('role', 'presentation');
        frame.style.border = 'none';
        frame.style.margin = '0';
        frame.style.padding = '0';
        frame.style.width = '100%';
        frame.style.minWidth = '100%';
        frame.style.height = '42px';
        frame.style.display = 'block';
        frame.style.overflow = 'hidden';
        frame.style.background = 'transparent';
        frame.style.colorScheme = 'normal';
        var hash = new URLSearchParams({
          channel: channel,
          origin: PAGE_ORIGIN,
          locale: group.locale,
          options: JSON.stringify({ disabled: disabled, style: options.style || {} }),
        });
        ready = false;
        stopListening = onMessage(receive);
        frame.src = STRIPE_ORIGIN + '/elements/card#' + hash.toString();
        holder.appendChild(frame);
        container.appendChild(holder);
        return element;
      },
      unmount: function () {
        if (!container) return element;
        if (stopListening) stopListening();
        stopListening = null;
        if (holder && holder.parentNode) holder.parentNode.removeChild(holder);
        ['StripeElement', 'StripeElement--empty', 'StripeElement--complete', 'StripeElement--invalid', 'StripeElement--focus', 'StripeElement--disabled'].forEach(function (c) {
          container.classList.remove(c);
        });
        container = null;
        holder = null;
        frame = null;
        ready = false;
        queue = [];
        state = { empty: true, complete: false, brand: 'unknown', error: undefined };
        failPending('We could not retrieve data from the specified Element. Please make sure the Element you are attempting to use is still mounted.');
        return element;
      },
      destroy: function () {
        element.unmount();
        destroyed = true;
        if (group.card === element) group.card = null;
        return element;
      },
      on: function (type, handler) {
        if (typeof handler !== 'function') throw integrationError('The handler of element.on(' + String(type) + ') must be a function.');
        (handlers[type] = handlers[type] || []).push(handler);
        return element;
      },
      off: function (type, handler) {
        if (!handler) delete handlers[type];
        else handlers[type] = (handlers[type] || []).filter(function (h) {
          return h !== handler && h.__settleOnce !== handler;
        });
        return element;
      },
      once: function (type, handler) {
        var wrapped = function (event) {
          element.off(type, wrapped);
          handler(event);
        };
        wrapped.__settleOnce = handler;
        return element.on(type, wrapped);
      },
      focus: function () {
        if (frame) frame.focus();
        send({ type: 'focus' });
        return element;
      },
      blur: function () {
        send({ type: 'blur' });
        return element;
      },
      clear: function () {
        send({ type: 'clear' });
        return element;
      },
      update: function (update) {
        var next = update || {};
        if (Object.prototype.hasOwnProperty.call(next, 'disabled')) {
          disabled = !!next.disabled;
          setClass('disabled', disabled);
          send({ type: 'update', options: { disabled: disabled } });
        }
        return element;
      },
      collapse: notEmulated('cardElement.collapse()'),
    };

    /** Asks the frame to create a PaymentMethod with what was typed there; resolves to {paymentMethod} | {error}. */
    function createPaymentMethod(data) {
      if (destroyed || !container) {
        return Promise.reject(
          integrationError('We could not retrieve data from the specified Element. Please make sure the Element you are attempting to use is still mounted.'),
        );
      }
      var requestId = String(nextRequest++);
      return new Promise(function (resolve, reject) {
        pending[requestId] = { resolve: resolve, reject: reject };
        send({ type: 'createPaymentMethod', requestId: requestId, key: group.key, data: data });
      });
    }

    CARD_ELEMENTS.set(element, createPaymentMethod);
    return element;
  }

  function cardElementCall(card) {
    var call = card && typeof card === 'object' ? CARD_ELEMENTS.get(card) : undefined;
    if (!call) throw integrationError('Invalid value for card: the card must be a card Element created by this Stripe.js (elements.create(\'card\')).');
    return call;
  }

  // ---- the 3-D Secure modal --------------------------------------------------------------------

  /**
   * Shows the challenge over the whole window and resolves when it is answered (Complete / Fail in the
   * challenge, Cancel or Escape here). The overlay's iframe is the sandbox's 3DS frame on the Stripe
   * port, which holds the challenge page (next_action.use_stripe_sdk.stripe_js) in its own iframe: so
   * Escape pressed inside the challenge is seen (same origin there) and failing goes through the
   * challenge's own Fail button.
   */
  function challenge(challengeUrl, locale) {
    return new Promise(function (resolve) {
      var channel = randomChannel();
      var parsed = new URL(challengeUrl, STRIPE_ORIGIN);
      var zh = locale === 'zh';
      var previous = document.activeElement;
      var finished = false;

      var overlay = document.createElement('div');
      overlay.className = '__PrivateStripe3DSOverlay';
      overlay.style.position = 'fixed';
      overlay.style.top = '0';
      overlay.style.left = '0';
      overlay.style.right = '0';
      overlay.style.bottom = '0';
      overlay.style.zIndex = '2147483647';
      overlay.style.background = 'rgba(15, 23, 42, 0.55)';
      overlay.style.display = 'flex';
      overlay.style.alignItems = 'center';
      overlay.style.justifyContent = 'center';
      overlay.style.margin = '0';
      overlay.style.padding = '0';

      var dialog = document.createElement('div');
      dialog.setAttribute('role', 'dialog');
      dialog.setAttribute('aria-modal', 'true');
      dialog.setAttribute('aria-label', zh ? '3D Secure 身份验证' : '3D Secure authentication');
      dialog.style.background = '#fff';
      dialog.style.color = '#1a1f36';
      dialog.style.borderRadius = '8px';
      dialog.style.boxShadow = '0 12px 40px rgba(0, 0, 0, 0.3)';
      dialog.style.width = 'min(460px, 92vw)';
      dialog.style.maxHeight = '92vh';
      dialog.style.display = 'flex';
      dialog.style.flexDirection = 'column';
      dialog.style.overflow = 'hidden';
      dialog.style.fontFamily = 'system-ui, -apple-system, "Segoe UI", Roboto, "Microsoft YaHei", sans-serif';

      var frame = document.createElement('iframe');
      frame.title = zh ? '3D Secure 身份验证' : '3D Secure authentication';
      frame.setAttribute('frameborder', '0');
      frame.style.border = 'none';
      frame.style.width = '100%';
      frame.style.height = 'min(360px, 70vh)';
      frame.style.display = 'block';
      frame.style.background = '#fff';

      var bar = document.createElement('div');
      bar.style.display = 'flex';
      bar.style.justifyContent = 'flex-end';
      bar.style.padding = '8px 12px';
      bar.style.borderTop = '1px solid #e3e8ee';

      var cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.textContent = zh ? '取消' : 'Cancel';
      cancel.style.font = 'inherit';
      cancel.style.fontSize = '14px';
      cancel.style.padding = '6px 14px';
      cancel.style.border = '1px solid #c1c9d2';
      cancel.style.borderRadius = '6px';
      cancel.style.background = '#fff';
      cancel.style.color = '#1a1f36';
      cancel.style.cursor = 'pointer';
      bar.appendChild(cancel);

      dialog.appendChild(frame);
      dialog.appendChild(bar);
      overlay.appendChild(dialog);

      var cancelling = false;
      function cancelAuthentication() {
        if (finished || cancelling) return;
        cancelling = true;
        cancel.disabled = true;
        if (frame.contentWindow) frame.contentWindow.postMessage({ settleStripe: 'page', channel: channel, type: 'cancel' }, STRIPE_ORIGIN);
      }
      function finish(status) {
        if (finished) return;
        finished = true;
        stop();
        document.removeEventListener('keydown', onKey, true);
        document.removeEventListener('focusin', onFocusIn, true);
        if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
        if (previous && typeof previous.focus === 'function' && document.contains(previous)) previous.focus();
        resolve(status);
      }
      function onKey(event) {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          cancelAuthentication();
        }
      }
      function onFocusIn(event) {
        // A modal: focus that leaves it goes back to the challenge.
        if (!overlay.contains(event.target)) frame.focus();
      }
      var stop = onMessage(function (event) {
        if (!fromFrame(event, frame, channel, '3ds')) return;
        if (event.data.type === 'ready') {
          frame.focus();
          frame.contentWindow.postMessage({ settleStripe: 'page', channel: channel, type: 'focus' }, STRIPE_ORIGIN);
        } else if (event.data.type === 'complete') {
          finish(event.data.redirect_status === 'succeeded' ? 'succeeded' : 'failed');
        }
      });
      cancel.addEventListener('click', cancelAuthentication);
      document.addEventListener('keydown', onKey, true);
      document.addEventListener('focusin', onFocusIn, true);
      var hash = new URLSearchParams({ channel: channel, origin: PAGE_ORIGIN, locale: locale, challenge: parsed.pathname + parsed.search });
      frame.src = STRIPE_ORIGIN + '/elements/3ds#' + hash.toString();
      document.body.appendChild(overlay);
      frame.focus();
    });
  }

  // ---- Stripe(…) ---------------------------------------------------------------------------------

  function Stripe(publishableKey, options) {
    if (typeof publishableKey !== 'string' || publishableKey === '') {
      throw integrationError('Please call Stripe() with your publishable key. You used an empty string.');
    }
    if (/^sk_/.test(publishableKey)) throw integrationError('You should not use your secret key with Stripe.js. Please pass a publishable key instead.');
    var stripeOptions = options || {};
    var defaultLocale = stripeOptions.locale;
    var key = publishableKey;

    function retrieve(id, clientSecret) {
      return api('GET', '/v1/payment_intents/' + encodeURIComponent(id), { key: key, client_secret: clientSecret });
    }

    function intentResult(reply) {
      if (reply.body && reply.body.error) return { error: reply.body.error };
      return { paymentIntent: reply.body };
    }

    function createPaymentMethod(data, legacyElement, legacyData) {
      var params = data;
      if (typeof data === 'string') params = Object.assign({}, legacyData || {}, { type: data, card: legacyElement });
      if (!params || typeof params !== 'object') throw integrationError('Invalid value for createPaymentMethod: the argument should be an object.');
      if (params.type !== 'card') return notEmulated('createPaymentMethod({type: ' + JSON.stringify(params.type) + '})')();
      if (params.card && typeof params.card === 'object' && !CARD_ELEMENTS.get(params.card)) {
        return notEmulated('createPaymentMethod with card data other than a card Element')();
      }
      var call = cardElementCall(params.card);
      return call({ billing_details: params.billing_details, metadata: params.metadata });
    }

    function confirmCardPayment(clientSecret, data, confirmOptions) {
      var id = intentIdOf(clientSecret, 'confirmCardPayment');
      var given = data || {};
      var handleActions = !confirmOptions || confirmOptions.handleActions !== false;
      ['return_url', 'setup_future_usage', 'shipping', 'payment_method_options', 'save_payment_method'].forEach(function (name) {
        if (given[name] !== undefined) notEmulated('confirmCardPayment(…, {' + name + '})')();
      });
      var method = given.payment_method;
      var methodId;
      if (typeof method === 'string') methodId = Promise.resolve({ id: method });
      else if (method && typeof method === 'object') {
        if (!method.card || !CARD_ELEMENTS.get(method.card)) return notEmulated('confirmCardPayment with payment_method data other than {card: cardElement}')();
        methodId = cardElementCall(method.card)({ billing_details: method.billing_details, metadata: method.metadata }).then(function (result) {
          return result.error ? { error: result.error } : { id: result.paymentMethod.id };
        });
      } else if (method === undefined || method === null) methodId = Promise.resolve({ id: undefined });
      else throw integrationError('Invalid value for confirmCardPayment: payment_method should be a string or an object.');
      return methodId.then(function (pm) {
        if (pm.error) return { error: pm.error };
        var params = { key: key, client_secret: clientSecret, payment_method: pm.id, receipt_email: given.receipt_email };
        return api('POST', '/v1/payment_intents/' + encodeURIComponent(id) + '/confirm', params).then(function (reply) {
          if (reply.body && reply.body.error) return { error: reply.body.error };
          var intent = reply.body;
          var action = intent && intent.status === 'requires_action' ? intent.next_action : null;
          if (!handleActions || !action) return { paymentIntent: intent };
          if (action.type !== 'use_stripe_sdk' || !action.use_stripe_sdk || typeof action.use_stripe_sdk.stripe_js !== 'string') {
            return { paymentIntent: intent };
          }
          return challenge(action.use_stripe_sdk.stripe_js, resolveLocale(undefined, defaultLocale)).then(function () {
            return retrieve(id, clientSecret).then(function (after) {
              if (after.body && after.body.error) return { error: after.body.error };
              var pi = after.body;
              if (pi.status === 'requires_payment_method' && pi.last_payment_error) {
                return { error: Object.assign({}, pi.last_payment_error, { payment_intent: pi }) };
              }
              return { paymentIntent: pi };
            });
          });
        });
      });
    }

    var stripe = {
      elements: function (elementsOptions) {
        var eo = elementsOptions || {};
        if (eo.clientSecret !== undefined || eo.mode !== undefined) notEmulated('stripe.elements({clientSecret | mode}) (the Payment Element)')();
        var group = { locale: resolveLocale(eo.locale, defaultLocale), card: null, key: key };
        return {
          create: function (type, createOptions) {
            if (type !== 'card') return notEmulated('elements.create(' + JSON.stringify(type) + ')')();
            if (group.card) throw integrationError('Can only create one Element of type card.');
            group.card = createCardElement(group, createOptions || {});
            return group.card;
          },
          getElement: function (type) {
            if (type === 'card') return group.card;
            return null;
          },
          update: notEmulated('elements.update()'),
          fetchUpdates: notEmulated('elements.fetchUpdates()'),
          submit: notEmulated('elements.submit()'),
        };
      },
      createPaymentMethod: createPaymentMethod,
      confirmCardPayment: confirmCardPayment,
      retrievePaymentIntent: function (clientSecret) {
        var id = intentIdOf(clientSecret, 'retrievePaymentIntent');
        return retrieve(id, clientSecret).then(intentResult);
      },
      _registerWrapper: function () {},
      registerAppInfo: function () {},
    };
    [
      'confirmPayment',
      'confirmSetup',
      'confirmCardSetup',
      'handleCardAction',
      'handleNextAction',
      'retrieveSetupIntent',
      'createToken',
      'createSource',
      'retrieveSource',
      'paymentRequest',
      'redirectToCheckout',
      'initEmbeddedCheckout',
      'initCheckout',
      'createConfirmationToken',
      'verifyMicrodepositsForPayment',
      'collectBankAccountForPayment',
      'confirmAlipayPayment',
      'confirmWechatPayPayment',
    ].forEach(function (name) {
      stripe[name] = notEmulated('stripe.' + name + '()');
    });
    return stripe;
  }

  Stripe.version = 'endive';
  Object.defineProperty(Stripe, '__settleSandbox', { value: true });
  window.Stripe = Stripe;
})();
`;

const ORIGIN_PLACEHOLDER = '"__SETTLE_STRIPE_ORIGIN__"';

/** The script for a page that reaches the Stripe port at `origin` (http://127.0.0.1:PORT or localhost). */
export function stripeJsSource(origin: string): string {
  return SOURCE.replace(ORIGIN_PLACEHOLDER, JSON.stringify(origin));
}
