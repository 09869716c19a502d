/*
 * Shoptide dashboard: shared helpers. Every value from the server is inserted as DOM text (never as HTML), and every
 * state-changing call carries the session's CSRF token in the X-CSRF-Token header.
 */
'use strict';

const Admin = (() => {
  let session = null;

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined) e.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  function status(message, isError) {
    const s = document.getElementById('status');
    s.textContent = message || '';
    s.className = isError ? 'error' : '';
  }

  /** Problem JSON (RFC 9457) as an Error with .problem, so pages can list field errors. */
  async function call(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = session ? session.csrfToken : '';
    const init = { method, headers, credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const r = await fetch(path, init);
    if (r.status === 401) {
      location.href = '/admin/login';
      throw new Error('session ended');
    }
    const text = await r.text();
    const json = text ? JSON.parse(text) : null;
    if (!r.ok) {
      const err = new Error(json && json.detail ? json.detail : r.status + ' ' + r.statusText);
      err.problem = json;
      throw err;
    }
    return json;
  }

  function shop() {
    return document.getElementById('shop').value;
  }

  function shopPath(rest) {
    return '/admin/api/shops/' + encodeURIComponent(shop()) + rest;
  }

  function fmt(x, digits) {
    if (x === null || x === undefined) return '–';
    if (typeof x !== 'number') return String(x);
    return x.toLocaleString('en', { maximumFractionDigits: digits === undefined ? 4 : digits });
  }

  function age(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    if (seconds < 120) return seconds + ' s';
    if (seconds < 7200) return Math.round(seconds / 60) + ' min';
    if (seconds < 172800) return (seconds / 3600).toFixed(1) + ' h';
    return (seconds / 86400).toFixed(1) + ' d';
  }

  function listErrors(ul, err) {
    ul.replaceChildren();
    if (!err) return;
    const p = err.problem;
    ul.appendChild(el('li', {}, err.message));
    for (const e of (p && p.errors) || []) {
      ul.appendChild(el('li', {}, (e.field ? e.field + ': ' : '') + e.message));
    }
  }

  /** Loads the session (CSRF token) and the shop list; calls onShop(shop) now and whenever the shop changes. */
  async function init(onShop) {
    session = await call('GET', '/admin/api/session');
    document.getElementById('user').textContent = session.username;
    document.getElementById('logout-csrf').value = session.csrfToken;
    const page = document.body.dataset.page;
    for (const a of document.querySelectorAll('header nav a')) {
      if (a.dataset.nav === page) a.classList.add('active');
    }
    const select = document.getElementById('shop');
    const { shops } = await call('GET', '/admin/api/shops');
    for (const s of shops) select.appendChild(el('option', { value: s.id }, s.name + ' (' + s.id + ')'));
    const wanted = new URLSearchParams(location.search).get('shop') || localStorage.getItem('shoptide.shop');
    if (wanted && shops.some(s => s.id === wanted)) select.value = wanted;
    if (!shops.length) {
      status('No shops yet: create one with the operator key (POST /v1/shops) or run shoptide demo.', true);
      return;
    }
    select.addEventListener('change', () => {
      localStorage.setItem('shoptide.shop', select.value);
      onShop(select.value);
    });
    await onShop(select.value);
  }

  return { el, status, call, shop, shopPath, fmt, age, listErrors, init };
})();
