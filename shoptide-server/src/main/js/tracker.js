/*
 * Shoptide tracker.js: the browser side of Shoptide (docs/TRACKER.md).
 *
 * No dependencies. The Maven build minifies this file with the Closure Compiler (SIMPLE optimizations) and the server
 * serves the result at /tracker.js. It talks only to the public API with the shop's publishable key:
 *   POST /v1/events           behaviour events, batched; sendBeacon when the page is hidden
 *   GET  /v1/recommendations  widgets
 *   GET  /v1/notifications    price-drop notices (POST /v1/notifications/dismiss)
 *
 * Identity: an anonymous visitor id (localStorage "shoptide.vid", kept for good) and a session id
 * ("shoptide.sid", renewed after 30 minutes without activity). In consent mode nothing is stored and nothing is sent
 * before Shoptide.consent(true); events recorded before are held in memory and dropped on refusal.
 *
 * Every event carries a client eventId, so the server stores a retried batch once.
 */
(function (window, document) {
  'use strict';

  var NS = 'shoptide.';
  var SESSION_IDLE_MS = 30 * 60 * 1000;
  var FLUSH_DELAY_MS = 1000;
  var MAX_BATCH = 100;
  var MAX_QUEUE = 1000;
  var MAX_BACKOFF_MS = 60 * 1000;
  var VISIBLE_RATIO = 0.5;
  var VISIBLE_MS = 1000;

  var cfg = null;
  /** null: not asked yet (consent mode), true: granted or not required, false: refused. */
  var consented = null;
  var visitorId = null;
  var userId = null;
  var session = null;
  var pageName = null;
  var queue = [];
  var inFlight = false;
  var flushTimer = 0;
  var failures = 0;

  // ------------------------------------------------------------------ storage (only with consent)

  function load(key) {
    try {
      return window.localStorage.getItem(NS + key);
    } catch (e) {
      return null;
    }
  }

  function save(key, value) {
    if (consented !== true) {
      return;
    }
    try {
      window.localStorage.setItem(NS + key, value);
    } catch (e) {
      // storage full or blocked: ids live in memory for this page
    }
  }

  function forget() {
    try {
      ['vid', 'sid', 'consent', 'uid'].forEach(function (k) {
        window.localStorage.removeItem(NS + k);
      });
    } catch (e) {
      // nothing stored
    }
  }

  function randomId() {
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    var s = '';
    for (var i = 0; i < b.length; i++) {
      s += (b[i] + 256).toString(16).slice(1);
    }
    return s;
  }

  /** Creates or restores visitor and session ids; called once tracking is allowed. */
  function ensureIds() {
    visitorId = visitorId || load('vid') || 'v_' + randomId();
    save('vid', visitorId);
    userId = userId || load('uid');
    touchSession();
  }

  /** The session id, renewed after SESSION_IDLE_MS of inactivity. */
  function touchSession() {
    var now = Date.now();
    if (!session) {
      try {
        session = JSON.parse(load('sid') || 'null');
      } catch (e) {
        session = null;
      }
    }
    if (!session || !session.id || now - session.last > SESSION_IDLE_MS) {
      session = { id: 's_' + randomId(), last: now };
    }
    session.last = now;
    save('sid', JSON.stringify(session));
    return session.id;
  }

  // ------------------------------------------------------------------ queue and transport

  function track(event) {
    if (!cfg || consented === false) {
      return;
    }
    event.eventId = 'e_' + randomId();
    event.timestamp = new Date().toISOString();
    event.context = event.context || {};
    event.context.page = event.context.page || pageName || window.location.pathname;
    queue.push(event);
    if (queue.length > MAX_QUEUE) {
      queue.splice(0, queue.length - MAX_QUEUE);
    }
    if (consented === true) {
      schedule(FLUSH_DELAY_MS);
    }
  }

  /** Gives queued events their ids (they may have been recorded before consent). */
  function stamp(events) {
    events.forEach(function (e) {
      if (!e.anonymousId) {
        e.anonymousId = visitorId;
      }
      if (!e.userId && userId) {
        e.userId = userId;
      }
      if (!e.sessionId) {
        e.sessionId = session.id;
      }
    });
    return events;
  }

  function schedule(ms) {
    if (!flushTimer) {
      flushTimer = window.setTimeout(function () {
        flushTimer = 0;
        flush();
      }, ms);
    }
  }

  /** Sends queued events now, with fetch (retried with backoff) or, when the page is going away, sendBeacon. */
  function flush(beacon) {
    if (consented !== true || !queue.length) {
      return;
    }
    touchSession();
    if (beacon && window.navigator.sendBeacon) {
      // sendBeacon cannot set headers: the publishable key goes in the query, the body as text/plain (no preflight)
      while (queue.length) {
        var part = stamp(queue.slice(0, MAX_BATCH));
        if (!window.navigator.sendBeacon(cfg.endpoint + '/v1/events?key=' + encodeURIComponent(cfg.key),
            JSON.stringify({ events: part }))) {
          break; // the browser refused (size quota): the rest is tried with fetch keepalive
        }
        queue.splice(0, part.length);
      }
      if (!queue.length) {
        return;
      }
    }
    if (inFlight) {
      return;
    }
    var batch = stamp(queue.splice(0, MAX_BATCH));
    inFlight = true;
    window.fetch(cfg.endpoint + '/v1/events', {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + cfg.key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events: batch }),
      keepalive: true,
      credentials: 'omit'
    }).then(function (r) {
      if (r.status >= 500 || r.status === 429 || r.status === 408) {
        throw new Error('HTTP ' + r.status);
      }
      if (!r.ok && window.console) {
        // a client error is not retried: the same batch would be rejected again
        r.text().then(function (t) {
          window.console.warn('shoptide: events rejected', r.status, t);
        });
      }
      failures = 0;
      inFlight = false;
      if (queue.length) {
        schedule(0);
      }
    }).catch(function () {
      // network error or server trouble: put the batch back and retry later (same eventIds, stored once)
      inFlight = false;
      if (consented !== true) {
        return;
      }
      queue = batch.concat(queue);
      failures++;
      schedule(backoff(failures));
    });
  }

  /** Exponential backoff with full jitter: a random delay up to 1 s * 2^(n-1), capped at a minute. */
  function backoff(n) {
    var cap = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, n - 1));
    return Math.round(cap / 2 + Math.random() * cap / 2);
  }

  // ------------------------------------------------------------------ recommendation widgets

  function escapeHtml(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return '&#' + c.charCodeAt(0) + ';';
    });
  }

  function formatPrice(item) {
    if (item.price == null) {
      return '';
    }
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined,
        { style: 'currency', currency: item.currency || 'EUR' }).format(item.price);
    } catch (e) {
      return item.price.toFixed(2) + ' ' + (item.currency || '');
    }
  }

  /**
   * Renders one item with the shop's template: a function (item, position) returning an HTML string or an Element,
   * or a <template> element whose [data-field] elements get the item's text (textContent, never HTML) and whose
   * [data-attr-NAME] elements get attribute NAME set to the named item field.
   */
  function renderItem(template, item) {
    if (typeof template === 'function') {
      var out = template(item, item.position);
      if (typeof out === 'string') {
        var holder = document.createElement('div');
        holder.innerHTML = out.trim();
        return holder.firstElementChild;
      }
      return out;
    }
    var el = template.content.firstElementChild.cloneNode(true);
    var nodes = [el].concat(Array.prototype.slice.call(el.querySelectorAll('*')));
    nodes.forEach(function (n) {
      var f = n.getAttribute('data-field');
      if (f) {
        n.textContent = item[f] == null ? '' : item[f];
      }
      Array.prototype.slice.call(n.attributes).forEach(function (a) {
        if (a.name.indexOf('data-attr-') === 0 && item[a.value] != null) {
          n.setAttribute(a.name.slice(10), item[a.value]);
        }
      });
    });
    return el;
  }

  function defaultTemplate(item) {
    return '<a class="shoptide-item" href="' + escapeHtml(item.url || '#') + '">'
      + (item.imageUrl ? '<img src="' + escapeHtml(item.imageUrl) + '" alt="">' : '')
      + '<span class="shoptide-title">' + escapeHtml(item.title || item.itemId) + '</span>'
      + '<span class="shoptide-price">' + escapeHtml(item.priceText) + '</span></a>';
  }

  /** Counts an item as seen once at least half of it stayed in the viewport for a second. */
  function observe(el, onSeen) {
    if (!window.IntersectionObserver) {
      return;
    }
    var timer = 0;
    var io = new window.IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && entry.intersectionRatio >= VISIBLE_RATIO) {
          if (!timer) {
            timer = window.setTimeout(function () {
              io.disconnect();
              onSeen();
            }, VISIBLE_MS);
          }
        } else if (timer) {
          window.clearTimeout(timer);
          timer = 0;
        }
      });
    }, { threshold: [0, VISIBLE_RATIO, 1] });
    io.observe(el);
  }

  /**
   * Fetches recommendations and renders them into container. options: scenario (user, item, cart, trending), n,
   * itemId, itemIds (array), category, template (function or <template>), href (item → URL). Returns a Promise of
   * the API answer.
   */
  function widget(container, options) {
    if (typeof container === 'string') {
      container = document.querySelector(container);
    }
    var o = options || {};
    var q = ['scenario=' + encodeURIComponent(o.scenario || 'user'), 'n=' + (o.n || 8)];
    if (o.itemId) {
      q.push('itemId=' + encodeURIComponent(o.itemId));
    }
    if (o.itemIds && o.itemIds.length) {
      q.push('itemIds=' + encodeURIComponent(o.itemIds.join(',')));
    }
    if (o.category) {
      q.push('category=' + encodeURIComponent(o.category));
    }
    if (consented === true) {
      q.push('anonymousId=' + encodeURIComponent(visitorId));
      if (userId) {
        q.push('userId=' + encodeURIComponent(userId));
      }
    }
    return window.fetch(cfg.endpoint + '/v1/recommendations?' + q.join('&'), {
      headers: { 'Authorization': 'Bearer ' + cfg.key },
      credentials: 'omit'
    }).then(function (r) {
      if (!r.ok) {
        throw new Error('shoptide: recommendations failed with HTTP ' + r.status);
      }
      return r.json();
    }).then(function (rec) {
      var template = o.template || defaultTemplate;
      container.textContent = '';
      container.setAttribute('data-recommendation-id', rec.recommendationId);
      rec.items.forEach(function (item) {
        item.url = o.href ? o.href(item) : item.url;
        item.priceText = formatPrice(item);
        var el = renderItem(template, item);
        el.setAttribute('data-item-id', item.itemId);
        el.setAttribute('data-position', item.position);
        container.appendChild(el);
        observe(el, function () {
          track({
            type: 'impression',
            shown: [{ itemId: item.itemId, position: item.position }],
            context: { scenario: rec.scenario, recommendationId: rec.recommendationId }
          });
        });
        el.addEventListener('click', function () {
          track({
            type: 'click',
            itemId: item.itemId,
            context: { scenario: rec.scenario, recommendationId: rec.recommendationId },
            properties: { position: item.position }
          });
          flush(true); // a click usually leaves the page
        });
      });
      return rec;
    });
  }

  // ------------------------------------------------------------------ public API


  /** A JSON call to the assistant with the publishable key; rejects with the problem's detail. */
  function assistantCall(method, path, body) {
    return window.fetch(cfg.endpoint + path, {
      method: method,
      headers: { 'Authorization': 'Bearer ' + cfg.key, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().then(function (json) {
        if (!r.ok) {
          throw new Error(json.detail || json.title || 'HTTP ' + r.status);
        }
        return json;
      });
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text != null) {
      e.textContent = String(text);
    }
    return e;
  }

  /**
   * The assistant's chat box in container (an element or a selector): the visitor's messages start and continue a
   * conversation under the tracker's anonymous id; a turn shows the reply, products (title, price, reason, over
   * budget) with Buy and Not now, and suggestion chips. Everything is set as text, never as HTML.
   */
  function chat(container) {
    var box = typeof container === 'string' ? document.querySelector(container) : container;
    if (!box || box.getAttribute('data-shoptide-chat-open')) {
      return null;
    }
    box.setAttribute('data-shoptide-chat-open', '1');
    var log = el('div', 'shoptide-chat-log');
    var form = el('form', 'shoptide-chat-form');
    var input = el('input', 'shoptide-chat-input');
    input.setAttribute('aria-label', 'Ask the shop assistant');
    input.placeholder = 'What are you looking for?';
    var send = el('button', 'shoptide-chat-send', 'Send');
    send.type = 'submit';
    form.appendChild(input);
    form.appendChild(send);
    box.appendChild(log);
    box.appendChild(form);
    var conversationId = null;

    function show(turn) {
      var t = el('div', 'shoptide-chat-turn');
      t.appendChild(el('p', 'shoptide-chat-reply', turn.reply || ''));
      (turn.products || []).forEach(function (p, i) {
        var card = el('div', 'shoptide-chat-product');
        card.setAttribute('data-item-id', p.id);
        card.appendChild(el('span', 'title', p.title || p.id));
        card.appendChild(el('span', 'price', p.price ? p.price.formatted : ''));
        card.appendChild(el('span', 'reason', p.reason || ''));
        if (p.overBudget) {
          card.appendChild(el('span', 'over-budget', 'over budget'));
        }
        [['buy', 'Buy'], ['refuse', 'Not now']].forEach(function (a) {
          var b = el('button', 'shoptide-chat-' + a[0], a[1]);
          b.type = 'button';
          b.onclick = function () {
            call('POST', '/v1/conversations/' + encodeURIComponent(conversationId) + '/feedback',
              { action: a[0], ordinal: i + 1, anonymousId: visitorId });
          };
          card.appendChild(b);
        });
        t.appendChild(card);
      });
      var chips = el('div', 'shoptide-chat-suggestions');
      (turn.suggestions || []).forEach(function (s) {
        var c = el('button', 'shoptide-chat-chip', s);
        c.type = 'button';
        c.onclick = function () {
          say(s);
        };
        chips.appendChild(c);
      });
      t.appendChild(chips);
      log.appendChild(t);
      log.scrollTop = log.scrollHeight;
    }

    function call(method, path, body) {
      return assistantCall(method, path, body).then(function (res) {
        show(res.turn || res);
        return res;
      }, function (err) {
        log.appendChild(el('p', 'shoptide-chat-error', err.message));
      });
    }

    function say(message) {
      log.appendChild(el('p', 'shoptide-chat-mine', message));
      if (consented !== true || !visitorId) {
        log.appendChild(el('p', 'shoptide-chat-error', 'Accept tracking to talk to the assistant.'));
        return Promise.resolve(null);
      }
      if (!conversationId) {
        return assistantCall('POST', '/v1/conversations', { anonymousId: visitorId, message: message })
          .then(function (res) {
            conversationId = res.conversationId;
            show(res.turn || res);
          }, function (err) {
            log.appendChild(el('p', 'shoptide-chat-error', err.message));
          });
      }
      return call('POST', '/v1/conversations/' + encodeURIComponent(conversationId) + '/messages',
        { message: message, anonymousId: visitorId });
    }

    form.onsubmit = function (e) {
      e.preventDefault();
      var m = input.value.trim();
      if (m) {
        input.value = '';
        say(m);
      }
    };
    return { say: say };
  }

  // ------------------------------------------------------------------ price-drop notices

  function formatMinor(minor, exponent, currency) {
    var amount = minor / Math.pow(10, exponent || 0);
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined,
        { style: 'currency', currency: currency }).format(amount);
    } catch (e) {
      return amount.toFixed(exponent || 0) + ' ' + currency;
    }
  }

  function dismissDrops(ids) {
    return window.fetch(cfg.endpoint + '/v1/notifications/dismiss', {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + cfg.key, 'Content-Type': 'application/json' },
      credentials: 'omit',
      body: JSON.stringify({ anonymousId: visitorId, ids: ids })
    });
  }

  /**
   * Shows this visitor's unseen price drops (GET /v1/notifications: items they viewed, carted or were shown that got
   * cheaper) as dismissible notices in container (element or selector). options: title (itemId → product name),
   * href (itemId → URL). Nothing is asked before consent. Returns a Promise of the notifications shown.
   */
  function priceDrops(container, options) {
    if (typeof container === 'string') {
      container = document.querySelector(container);
    }
    var o = options || {};
    if (consented !== true || !container) {
      return Promise.resolve([]);
    }
    return window.fetch(cfg.endpoint + '/v1/notifications?anonymousId=' + encodeURIComponent(visitorId), {
      headers: { 'Authorization': 'Bearer ' + cfg.key },
      credentials: 'omit'
    }).then(function (r) {
      if (!r.ok) {
        throw new Error('shoptide: notifications failed with HTTP ' + r.status);
      }
      return r.json();
    }).then(function (res) {
      var shown = res.notifications || [];
      shown.forEach(function (n) {
        var box = el('div', 'shoptide-notice');
        box.setAttribute('data-notification-id', n.id);
        var link = el('a', 'shoptide-notice-item', o.title ? o.title(n.itemId) : n.itemId);
        link.href = o.href ? o.href(n.itemId) : '#';
        box.appendChild(link);
        box.appendChild(document.createTextNode(' is now ' + formatMinor(n.newPriceMinor, n.exponent, n.currency)
          + ' (was ' + formatMinor(n.oldPriceMinor, n.exponent, n.currency) + ', -' + Math.round(n.dropPercent)
          + '%)'));
        var close = el('button', 'shoptide-notice-close', '\u00d7');
        close.type = 'button';
        close.setAttribute('aria-label', 'Dismiss');
        close.onclick = function () {
          box.parentNode.removeChild(box);
          dismissDrops([n.id]);
        };
        box.appendChild(close);
        container.appendChild(box);
      });
      return shown;
    });
  }

  var api = {
    /**
     * options: endpoint (Shoptide base URL, default this page's origin), key (publishable key), shop (id, informative),
     * consentRequired (boolean: hold everything until consent(true)).
     */
    init: function (options) {
      var o = options || {};
      if (!o.key) {
        throw new Error('shoptide: init needs the publishable key');
      }
      cfg = { endpoint: (o.endpoint || window.location.origin).replace(/\/+$/, ''), key: o.key, shop: o.shop };
      if (!o.consentRequired || load('consent') === '1') {
        consented = true;
        ensureIds();
      } else {
        consented = null;
      }
      Array.prototype.forEach.call(document.querySelectorAll('[data-shoptide-chat]'), chat);
      return api;
    },
    /** Grants (true) or refuses/withdraws (false) consent; refusal drops queued events and stored ids. */
    consent: function (granted) {
      if (granted) {
        consented = true;
        save('consent', '1');
        ensureIds();
        flush();
      } else {
        consented = false;
        queue = [];
        visitorId = null;
        session = null;
        forget();
      }
    },
    /** Consent state: true (granted or not required), false (refused), null (not asked yet). */
    consentState: function () {
      return consented;
    },
    /** Names the current page for the context of the events that follow (default: location.pathname). */
    page: function (name) {
      pageName = name || window.location.pathname;
      if (consented === true) {
        touchSession();
      }
    },
    /** A signed-in customer: later events carry this userId next to the anonymous id. */
    identify: function (id) {
      userId = id ? String(id) : null;
      save('uid', userId || '');
    },
    productView: function (itemId, context) {
      track({ type: 'view', itemId: String(itemId), context: context });
    },
    addToCart: function (itemId, quantity, price, context) {
      var props = { quantity: quantity || 1 };
      if (price != null) {
        props.price = price;
      }
      track({ type: 'add_to_cart', itemId: String(itemId), context: context, properties: props });
    },
    /** lines: [{itemId, price, quantity, currency}]; one purchase event with all lines, sent at once. */
    purchase: function (orderId, lines) {
      track({ type: 'purchase', orderId: String(orderId), lineItems: lines });
      flush(true);
    },
    /** Any other event object ({type, itemId, ...}); ids, timestamp and eventId are filled in. */
    track: track,
    widget: widget,
    /** Shows the visitor's unseen price drops as dismissible notices; see docs/TRACKER.md. */
    priceDrops: priceDrops,
    flush: function () {
      flush();
    },
    escape: escapeHtml,
    visitorId: function () {
      return consented === true ? visitorId : null;
    },
    /** Opens the assistant's chat box in an element (or selector); see docs/TRACKER.md. */
    chat: chat
  };

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') {
      flush(true);
    }
  });
  window.addEventListener('pagehide', function () {
    flush(true);
  });

  window.Shoptide = api;
})(window, document);
