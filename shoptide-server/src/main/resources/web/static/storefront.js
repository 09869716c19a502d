/*
 * The demo storefront's page script. It uses only the public tracker (window.Shoptide, /tracker.js) and, through it,
 * the public API with the publishable key. The cart is the shop's own state: a list in localStorage
 * ("shoptide-demo.cart.<shop>"), created when the visitor first adds an item.
 */
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('shoptide-config').textContent);
  var CART_KEY = 'shoptide-demo.cart.' + cfg.shop;
  var T = window.Shoptide.init({ key: cfg.key, shop: cfg.shop, consentRequired: cfg.consentRequired });
  var template = document.getElementById('rec-card');
  var CHECKOUT_KEY = 'shoptide-demo.checkout.' + cfg.shop;
  // the server-rendered order and account pages know the visitor by the tracker's id in a first-party cookie
  if (T.visitorId()) {
    document.cookie = 'shoptide_demo_vid=' + encodeURIComponent(T.visitorId()) + '; path=/demo; SameSite=Lax';
  }

  function cart() {
    try {
      return JSON.parse(window.localStorage.getItem(CART_KEY) || '[]');
    } catch (e) {
      return [];
    }
  }

  function saveCart(lines) {
    if (lines.length) {
      window.localStorage.setItem(CART_KEY, JSON.stringify(lines));
    } else {
      window.localStorage.removeItem(CART_KEY);
    }
    showCount();
  }

  function showCount() {
    document.getElementById('cart-count').textContent =
      cart().reduce(function (n, l) { return n + l.quantity; }, 0);
  }

  function money(amount, currency) {
    try {
      return new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency || 'GBP' }).format(amount);
    } catch (e) {
      return amount.toFixed(2) + ' ' + currency;
    }
  }

  function widget(id, extra) {
    var el = document.getElementById(id);
    if (!el) {
      return null;
    }
    var o = {
      scenario: el.getAttribute('data-scenario'),
      n: 8,
      template: template,
      href: function (item) { return cfg.base + '/product/' + encodeURIComponent(item.itemId); }
    };
    if (el.getAttribute('data-item-id')) {
      o.itemId = el.getAttribute('data-item-id');
    }
    if (el.getAttribute('data-category')) {
      o.category = el.getAttribute('data-category');
    }
    for (var k in extra || {}) {
      o[k] = extra[k];
    }
    return T.widget(el, o).then(function (rec) {
      if (!rec.items.length) {
        el.textContent = 'Nothing to show yet.';
      }
      el.setAttribute('data-loaded', 'true');
      return rec;
    }, function (err) {
      el.textContent = 'Recommendations are not available right now.';
      el.setAttribute('data-loaded', 'error');
      window.console.warn(err);
    });
  }

  function renderLines() {
    var lines = cart();
    var table = document.getElementById('cart-lines');
    table.textContent = '';
    var total = 0;
    var currency = 'GBP';
    lines.forEach(function (l) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-item-id', l.itemId);
      [l.title, '× ' + l.quantity, money(l.price * l.quantity, l.currency)].forEach(function (text) {
        var td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      });
      table.appendChild(tr);
      total += l.price * l.quantity;
      currency = l.currency || currency;
    });
    document.getElementById('cart-total').textContent = money(total, currency);
    return lines;
  }

  // consent banner: only in consent mode, until the visitor decides
  var banner = document.getElementById('consent');
  if (T.consentState() === null) {
    banner.hidden = false;
    document.getElementById('consent-accept').onclick = function () {
      T.consent(true);
      banner.hidden = true;
    };
    document.getElementById('consent-refuse').onclick = function () {
      T.consent(false);
      banner.hidden = true;
    };
  }

  T.page(cfg.page);
  showCount();

  if (cfg.page === 'home') {
    widget('for-you');
    widget('trending');
  } else if (cfg.page === 'category') {
    widget('trending');
  } else if (cfg.page === 'product') {
    var p = document.getElementById('product');
    var itemId = p.getAttribute('data-item-id');
    T.productView(itemId);
    widget('similar');
    var add = document.getElementById('add-to-cart');
    if (add) {
      add.onclick = function () {
        var price = parseFloat(p.getAttribute('data-price'));
        var lines = cart();
        var line = lines.filter(function (l) { return l.itemId === itemId; })[0];
        if (line) {
          line.quantity++;
        } else {
          lines.push({ itemId: itemId, title: p.getAttribute('data-title'), price: isNaN(price) ? 0 : price,
            currency: p.getAttribute('data-currency') || 'GBP', quantity: 1 });
        }
        saveCart(lines);
        T.addToCart(itemId, 1, isNaN(price) ? null : price);
        document.getElementById('added').hidden = false;
      };
    }
  } else if (cfg.page === 'cart') {
    var lines = renderLines();
    document.getElementById('cart-empty').hidden = lines.length > 0;
    document.getElementById('checkout').hidden = lines.length === 0;
    if (lines.length) {
      widget('complete-cart', { itemIds: lines.map(function (l) { return l.itemId; }) });
    }
  } else if (cfg.page === 'checkout') {
    var order = renderLines();
    var place = document.getElementById('place-order');
    var error = document.getElementById('order-error');
    place.disabled = order.length === 0;
    place.onclick = function () {
      // one key per cart: a second click (or a retry) gets the same order and payment
      var key = window.sessionStorage.getItem(CHECKOUT_KEY) || 'co-' + Date.now().toString(36) + '-'
        + Math.random().toString(36).slice(2, 10);
      window.sessionStorage.setItem(CHECKOUT_KEY, key);
      place.disabled = true;
      post('POST', cfg.base + '/checkout', key, {
        lines: order.map(function (l) { return { itemId: l.itemId, quantity: l.quantity }; })
      }).then(function (placed) {
        window.sessionStorage.removeItem(CHECKOUT_KEY);
        saveCart([]);
        window.location.assign(placed.redirectUrl);
      }, function (err) {
        error.textContent = err.message;
        error.hidden = false;
        place.disabled = false;
      });
    };
  } else if (cfg.page === 'account') {
    var form = document.getElementById('budget-form');
    if (form) {
      form.onsubmit = function (e) {
        e.preventDefault();
        post('PUT', cfg.base + '/account/budget', null, {
          amount: document.getElementById('budget-amount').value,
          currency: document.getElementById('budget-currency').value
        }).then(function () { window.location.reload(); }, function (err) {
          var out = document.getElementById('budget-error');
          out.textContent = err.message;
          out.hidden = false;
        });
      };
    }
  }

  /** A JSON call to the storefront's own pages; rejects with the problem's detail. */
  function post(method, url, key, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (key) {
      headers['Idempotency-Key'] = key;
    }
    return fetch(url, { method: method, headers: headers, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (res) {
        if (res.status === 204) {
          return null;
        }
        return res.json().then(function (json) {
          if (!res.ok) {
            throw new Error(json.detail || json.title || ('HTTP ' + res.status));
          }
          return json;
        });
      });
  }
})();
