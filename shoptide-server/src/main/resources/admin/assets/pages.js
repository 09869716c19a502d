/* Shoptide dashboard pages: one function per page, chosen by <body data-page>. Charts are Chart.js (from its webjar). */
'use strict';

(() => {
  const { el, status, call, shopPath, fmt, age, listErrors } = Admin;
  const charts = {};

  function chart(id, config) {
    if (charts[id]) charts[id].destroy();
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, config.options);
    charts[id] = new Chart(document.getElementById(id), config);
    return charts[id];
  }

  function line(id, labels, datasets) {
    return chart(id, { type: 'line', data: { labels, datasets: datasets.map(d => Object.assign({ pointRadius: 2, borderWidth: 2, spanGaps: true, tension: 0.2 }, d)) },
      options: { scales: { y: { beginAtZero: true } }, plugins: { legend: { display: datasets.length > 1 } } } });
  }

  function rows(tbody, list, toCells, empty) {
    tbody.replaceChildren();
    if (!list.length) {
      tbody.appendChild(el('tr', {}, el('td', { colspan: 12, class: 'muted' }, empty)));
      return;
    }
    for (const x of list) tbody.appendChild(el('tr', {}, toCells(x).map(c => c instanceof Node ? el('td', {}, c) : el('td', {}, fmt(c)))));
  }

  function kv(obj, filter) {
    return el('div', { class: 'kv' }, Object.entries(obj || {}).filter(([k]) => filter(k)).map(([k, v]) => el('span', {}, k + ' = ' + v)));
  }

  // ---------------------------------------------------------------- overview

  async function overview() {
    const o = await call('GET', shopPath('/overview'));
    const labels = o.minutes.map(m => new Date(m.start).toISOString().substring(11, 16));
    line('chart-events', labels, [{ label: 'events', data: o.minutes.map(m => m.eventsAccepted) }]);
    line('chart-visitors', labels, [{ label: 'visitors', data: o.minutes.map(m => m.activeVisitors) }]);
    line('chart-recs', labels, [{ label: 'requests', data: o.minutes.map(m => m.recommendations) }]);
    line('chart-latency', labels, [{ label: 'p50', data: o.minutes.map(m => m.p50Ms) }, { label: 'p99', data: o.minutes.map(m => m.p99Ms) }]);
    chart('chart-models', { type: 'bar', data: { labels: o.models.map(m => 'v' + m.version),
      datasets: [{ label: 'age (h)', data: o.models.map(m => +(m.ageSeconds / 3600).toFixed(2)) }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } } });
    const cards = document.getElementById('model-summary');
    const m = o.model;
    const total = k => o.minutes.reduce((a, x) => a + x[k], 0);
    cards.replaceChildren(
      el('div', { class: 'card', id: 'card-model' }, 'Served model', el('b', {}, m ? 'v' + m.version : 'none'), m ? 'age ' + age(m.ageSeconds) : 'train it on the Models page'),
      el('div', { class: 'card' }, 'Events, last hour', el('b', {}, fmt(total('eventsAccepted')))),
      el('div', { class: 'card' }, 'Recommendations, last hour', el('b', {}, fmt(total('recommendations')))),
      el('div', { class: 'card' }, 'Model versions kept', el('b', {}, fmt(o.models.length))));
    status('Updated ' + new Date().toLocaleTimeString());
  }

  // ---------------------------------------------------------------- business

  /** Minor units to a display amount: the currency's own decimals (Intl knows them). */
  function digitsOf(currency) {
    try { return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits; } catch (e) { return 2; }
  }

  function money(minor, currency) {
    if (minor === null || minor === undefined || !currency) return '–';
    const digits = digitsOf(currency);
    const major = minor / Math.pow(10, digits);
    try { return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(major); } catch (e) { return major.toFixed(digits) + ' ' + currency; }
  }

  async function business() {
    const from = document.getElementById('from');
    const to = document.getElementById('to');
    const pick = document.getElementById('currency');
    const q = new URLSearchParams(location.search);
    if (q.get('from')) from.value = q.get('from');
    if (q.get('to')) to.value = q.get('to');
    const load = async () => {
      const params = new URLSearchParams();
      if (from.value) params.set('from', from.value);
      if (to.value) params.set('to', to.value);
      const r = await call('GET', shopPath('/business') + (params.toString() ? '?' + params : ''));
      from.value = r.from;
      to.value = r.to;
      const currencies = [...new Set(r.days.flatMap(d => d.revenue.map(x => x.currency)))];
      const chosen = currencies.includes(pick.value) ? pick.value : currencies[0];
      pick.replaceChildren(...currencies.map(c => el('option', { value: c }, c)));
      if (chosen) pick.value = chosen;
      const cur = d => d.revenue.find(x => x.currency === chosen) || { orders: 0, revenueMinor: 0, averageOrderValueMinor: 0, recommendationsMinor: 0, assistantMinor: 0, refundsMinor: 0 };
      const labels = r.days.map(d => d.date);
      line('chart-conversion', labels, [{ label: 'conversion %', data: r.days.map(d => +(100 * d.conversionRate).toFixed(2)) }]);
      const major = m => m / Math.pow(10, chosen ? digitsOf(chosen) : 2);
      line('chart-revenue', labels, [
        { label: 'revenue', data: r.days.map(d => major(cur(d).revenueMinor)) },
        { label: 'recommendations', data: r.days.map(d => major(cur(d).recommendationsMinor)) },
        { label: 'assistant', data: r.days.map(d => major(cur(d).assistantMinor)) }]);
      line('chart-aov', labels, [{ label: 'AOV', data: r.days.map(d => major(cur(d).averageOrderValueMinor)) }]);
      line('chart-orders', labels, [{ label: 'orders', data: r.days.map(d => d.orders) }, { label: 'visitors', data: r.days.map(d => d.visitors) }]);
      const sum = k => r.days.reduce((a, d) => a + cur(d)[k], 0);
      const visitors = r.days.reduce((a, d) => a + d.visitors, 0);
      const buyers = r.days.reduce((a, d) => a + d.buyers, 0);
      const revenue = sum('revenueMinor');
      const orders = sum('orders');
      const share = k => revenue ? (100 * sum(k) / revenue).toFixed(1) + ' %' : '–';
      document.getElementById('business-summary').replaceChildren(
        el('div', { class: 'card', id: 'card-revenue' }, 'Revenue', el('b', {}, chosen ? money(revenue, chosen) : '–'), r.from + ' to ' + r.to),
        el('div', { class: 'card', id: 'card-conversion' }, 'Conversion (daily buyers / visitors)', el('b', {}, visitors ? (100 * buyers / visitors).toFixed(2) + ' %' : '–')),
        el('div', { class: 'card', id: 'card-aov' }, 'Average order value', el('b', {}, orders && chosen ? money(Math.round(revenue / orders), chosen) : '–')),
        el('div', { class: 'card', id: 'card-recs' }, 'From recommendations', el('b', {}, share('recommendationsMinor'))),
        el('div', { class: 'card', id: 'card-assistant' }, 'From the assistant', el('b', {}, share('assistantMinor'))));
      rows(document.querySelector('#days tbody'), r.days.slice().reverse(), d => [d.date, d.visitors, d.buyers, (100 * d.conversionRate).toFixed(2) + ' %', d.orders,
        money(cur(d).revenueMinor, chosen), money(cur(d).averageOrderValueMinor, chosen), money(cur(d).recommendationsMinor, chosen),
        money(cur(d).assistantMinor, chosen), money(cur(d).refundsMinor, chosen)], 'No events in this range.');
      const { experiments } = await call('GET', shopPath('/experiments'));
      const running = experiments.filter(x => x.status === 'running');
      const split = [];
      for (const x of running) {
        const res = await call('GET', shopPath('/experiments/' + encodeURIComponent(x.id) + '/results'));
        for (const v of res.variants) split.push([x.name, v.name, v.visitors, v.conversionRate, v.aov, v.revenuePerVisitor]);
      }
      const ci = e => e && e.value !== null ? fmt(e.value) + (e.ci95 ? ' [' + fmt(e.ci95[0]) + ', ' + fmt(e.ci95[1]) + ']' : '') : '–';
      rows(document.querySelector('#running tbody'), split, s => [s[0], s[1], s[2], ci(s[3]), ci(s[4]), ci(s[5])], 'No experiment is running.');
      history.replaceState(null, '', '?from=' + r.from + '&to=' + r.to);
      status('Updated ' + new Date().toLocaleTimeString());
    };
    document.getElementById('range').onsubmit = e => { e.preventDefault(); load().catch(x => status(x.message, true)); };
    pick.onchange = () => load().catch(x => status(x.message, true));
    await load();
    return load;
  }

  // ---------------------------------------------------------------- customers

  async function customers() {
    const form = document.getElementById('customer-search');
    const input = document.getElementById('visitor');
    const show = async () => {
      const id = input.value.trim();
      if (!id) return;
      history.replaceState(null, '', '?visitor=' + encodeURIComponent(id));
      try {
        const c = await call('GET', shopPath('/customers/' + encodeURIComponent(id)));
        rows(document.querySelector('#timeline tbody'), c.timeline, e => [e.timestamp.replace('T', ' ').substring(0, 19), e.type === 'custom' ? e.customType : e.type,
          e.itemId || (e.lineItems || []).map(l => l.itemId).join(', ') || '', eventDetails(e)], 'No events for this visitor.');
        const p = c.customer360;
        document.getElementById('c360-meta').textContent = p ? 'computed ' + p.computedAt.replace('T', ' ').substring(0, 19)
          + ' from ' + Object.keys(p.sources).join(', ') : 'No customer-360 profile (no ELT source matched this customer).';
        rows(document.querySelector('#c360 tbody'), p ? Object.entries(p.facts) : [], ([k, f]) => [k, factText(f.value), (f.sources || []).join(', ')],
          'No profile.');
        const traits = (c.profile && c.profile.traits) || {};
        rows(document.querySelector('#traits tbody'), Object.entries(traits), ([k, v]) => [k, v], 'No traits.');
        const r = c.recommendations;
        document.getElementById('rec-meta').textContent = 'model v' + r.modelVersion + ', rules v' + r.ruleVersion
          + (r.experiment ? ', experiment ' + r.experiment.id + ' / ' + r.experiment.variant : '') + ' · ' + c.kind;
        rows(document.querySelector('#recs tbody'), r.items.map((x, i) => Object.assign({ pos: i + 1 }, x)),
          x => [x.pos, (x.title ? x.title + ' ' : '') + '(' + x.itemId + ')', x.score, x.source || '', x.reason || ''], 'No recommendations.');
        status(c.timeline.length + ' events for ' + c.visitor);
      } catch (e) {
        status(e.message, true);
      }
    };
    form.addEventListener('submit', ev => { ev.preventDefault(); show(); });
    const q = new URLSearchParams(location.search).get('visitor');
    if (q) { input.value = q; await show(); }
    return show;
  }

  /** A profile fact as one line of text (numbers, lists of categories or life events, small objects). */
  function factText(v) {
    if (v === null || v === undefined) return '–';
    if (Array.isArray(v)) return v.map(x => typeof x === 'object' ? Object.values(x).join(' ') : String(x)).join('; ') || '–';
    if (typeof v === 'object') return Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => k + ' ' + x).join(', ') || '–';
    return typeof v === 'number' ? fmt(v, 2) : String(v);
  }

  function eventDetails(e) {
    const parts = [];
    if (e.query) parts.push('query: ' + e.query);
    if (e.orderId) parts.push('order ' + e.orderId);
    if (e.value !== undefined && e.value !== null) parts.push('value ' + e.value);
    if (e.lineItems && e.lineItems.length) parts.push(e.lineItems.map(l => l.quantity + '× ' + l.itemId + ' @ ' + l.price).join('; '));
    if (e.context && e.context.recommendationId) parts.push('rec ' + e.context.recommendationId);
    if (e.anonymousId && e.userId) parts.push('visitor ' + e.anonymousId);
    return parts.join(' · ');
  }

  // ---------------------------------------------------------------- catalog

  async function catalog() {
    let cursor = null, next = null, page = 1;
    const load = async () => {
      const q = '?limit=50' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
      const p = await call('GET', shopPath('/items' + q));
      next = p.nextCursor;
      rows(document.querySelector('#items tbody'), p.items, i => [el('a', { href: '#prices-title', onclick: () => prices(i.id) }, i.id), i.title || '', (i.categoryPath || []).join(' › ') || i.category || '',
        i.brand || '', i.price === null ? '–' : fmt(i.price, 2) + ' ' + (i.currency || ''), i.inStock === false ? 'no' : 'yes'], 'No items.');
      document.getElementById('page-info').textContent = 'page ' + page + (next ? '' : ' (last)');
      document.getElementById('next').disabled = !next;
    };
    document.getElementById('next').onclick = () => { if (next) { cursor = next; page++; load(); } };
    document.getElementById('first').onclick = () => { cursor = null; page = 1; load(); };
    await load();
    return () => { cursor = null; page = 1; return load(); };
  }

  /** One item's price series per source (GET .../items/{id}/prices) as stepped lines, in major units. */
  async function prices(itemId) {
    const note = document.getElementById('prices-status');
    document.getElementById('prices-title').textContent = 'Price history of ' + itemId;
    const { points } = await call('GET', shopPath('/items/' + encodeURIComponent(itemId) + '/prices'));
    if (!points.length) {
      note.textContent = 'No price recorded for this item yet.';
      if (charts['chart-prices']) charts['chart-prices'].destroy();
      return;
    }
    const times = [...new Set(points.map(p => p.since))].sort();
    const sources = [...new Set(points.map(p => p.source))];
    const datasets = sources.map(src => {
      const own = points.filter(p => p.source === src).sort((a, b) => a.since.localeCompare(b.since));
      let k = -1;
      const data = times.map(t => {
        while (k + 1 < own.length && own[k + 1].since <= t) k++;
        return k < 0 ? null : own[k].amountMinor / Math.pow(10, own[k].exponent);
      });
      return { label: src + ' (' + own[own.length - 1].currency + ')', data, stepped: true };
    });
    note.textContent = points.length + ' price point(s) from ' + sources.join(', ') + '; each point is a change.';
    line('chart-prices', times.map(t => t.substring(0, 16).replace('T', ' ')), datasets);
  }

  // ---------------------------------------------------------------- models

  async function models() {
    const load = async () => {
      const { models } = await call('GET', shopPath('/models'));
      rows(document.querySelector('#models tbody'), models, m => ['v' + m.version, m.createdAt, age(m.ageSeconds), fmt(m.sizeBytes / 1e6, 2) + ' MB',
        kv(m.metadata, k => !k.startsWith('eval.') && !k.startsWith('blend.')), kv(m.metadata, k => k.startsWith('eval.')),
        kv(m.metadata, k => k.startsWith('blend.'))], 'No model trained yet.');
    };
    document.getElementById('train').onclick = async () => {
      const b = document.getElementById('train');
      b.disabled = true;
      status('Training…');
      try {
        const r = await call('POST', shopPath('/train'));
        document.getElementById('train-result').textContent = 'trained v' + r.model.version + ' on ' + fmt(r.eventsRead) + ' events in ' + fmt(r.tookMs) + ' ms';
        status('');
        await load();
      } catch (e) {
        status(e.message, true);
      } finally {
        b.disabled = false;
      }
    };
    await load();
    return load;
  }

  // ---------------------------------------------------------------- rules

  async function rules() {
    const area = document.getElementById('rules');
    const errors = document.getElementById('errors');
    const showSet = r => {
      area.value = JSON.stringify(r.rules, null, 2);
      document.getElementById('rules-version').textContent = r.version ? 'version ' + r.version + (r.createdAt ? ' of ' + r.createdAt : '') : 'no rules yet (version 0)';
    };
    const load = async () => { listErrors(errors, null); showSet(await call('GET', shopPath('/rules'))); };
    document.getElementById('save').onclick = async () => {
      listErrors(errors, null);
      let body;
      try { body = JSON.parse(area.value); } catch (e) { listErrors(errors, new Error('not valid JSON: ' + e.message)); return; }
      try {
        const r = await call('PUT', shopPath('/rules'), Array.isArray(body) ? { rules: body } : body);
        status('Saved as version ' + r.version);
        await load();
      } catch (e) { listErrors(errors, e); }
    };
    document.getElementById('load').onclick = async () => {
      const n = document.getElementById('load-version').value;
      try { showSet(await call('GET', shopPath('/rules/versions/' + encodeURIComponent(n)))); status('Loaded version ' + n + ' (save to make it current)'); } catch (e) { listErrors(errors, e); }
    };
    await load();
    return load;
  }

  // ---------------------------------------------------------------- experiments

  const EXAMPLE = { name: 'popular vs personalized', unit: 'user', scenario: 'user',
    variants: [{ name: 'control', weight: 50, model: 'popular', rules: null, params: {} }, { name: 'blend', weight: 50, model: 'blend', params: {} }],
    guardrails: ['ctr', 'conversion'], explorationRate: 0 };

  function intervalChart(id, variants, metric) {
    const labels = variants.map(v => v.name);
    const est = variants.map(v => v[metric]);
    chart(id, { data: { labels, datasets: [
      { type: 'bar', label: '95 % interval', data: est.map(e => e && e.ci95 ? e.ci95 : null), backgroundColor: 'rgba(47,111,222,0.25)', borderColor: 'rgba(47,111,222,0.9)', borderWidth: 1, barPercentage: 0.35 },
      { type: 'scatter', label: 'estimate', data: est.map((e, i) => ({ x: labels[i], y: e ? e.value : null })), backgroundColor: '#1d2330', pointRadius: 5 }] },
      options: { scales: { x: { type: 'category' } }, plugins: { legend: { position: 'bottom' } } } });
  }

  async function experiments() {
    const errors = document.getElementById('errors');
    const def = document.getElementById('definition');
    def.value = JSON.stringify(EXAMPLE, null, 2);
    const showResults = async id => {
      const r = await call('GET', shopPath('/experiments/' + encodeURIComponent(id) + '/results'));
      document.getElementById('results').hidden = false;
      document.getElementById('results-title').textContent = r.experiment.name + ' (' + r.experiment.status + ')';
      document.getElementById('srm').textContent = 'sample-ratio check: p = ' + fmt(r.srm.pValue) + (r.srm.mismatch ? ' — MISMATCH, do not trust these numbers' : ' (ok)') + ' · computed ' + r.computedAt;
      intervalChart('chart-ctr', r.variants, 'ctr');
      intervalChart('chart-conversion', r.variants, 'conversionRate');
      intervalChart('chart-aov', r.variants, 'aov');
      intervalChart('chart-rpv', r.variants, 'revenuePerVisitor');
      const ci = e => e && e.value !== null ? fmt(e.value) + (e.ci95 ? ' [' + fmt(e.ci95[0]) + ', ' + fmt(e.ci95[1]) + ']' : '') : '–';
      rows(document.querySelector('#variants tbody'), r.variants, v => [v.name, v.visitors, v.impressions, ci(v.ctr), ci(v.conversionRate), ci(v.aov), ci(v.revenuePerVisitor)], '');
      history.replaceState(null, '', '?experiment=' + encodeURIComponent(id));
    };
    const act = (id, what) => async () => {
      try { await call('POST', shopPath('/experiments/' + encodeURIComponent(id) + '/' + what)); await load(); await showResults(id); } catch (e) { status(e.message, true); }
    };
    const load = async () => {
      const { experiments } = await call('GET', shopPath('/experiments'));
      rows(document.querySelector('#experiments tbody'), experiments, x => [x.name, x.status, x.scenario, x.variants.map(v => v.name).join(', '),
        el('span', {}, el('button', { class: 'secondary', 'data-open': x.id, onclick: () => showResults(x.id).catch(e => status(e.message, true)) }, 'Results'), ' ',
          x.status === 'draft' ? el('button', { 'data-start': x.id, onclick: act(x.id, 'start') }, 'Start') : null,
          x.status === 'running' ? el('button', { 'data-stop': x.id, onclick: act(x.id, 'stop') }, 'Stop') : null)], 'No experiments yet.');
      return experiments;
    };
    document.getElementById('create-experiment').onclick = async () => {
      listErrors(errors, null);
      let body;
      try { body = JSON.parse(def.value); } catch (e) { listErrors(errors, new Error('not valid JSON: ' + e.message)); return; }
      try { const x = await call('POST', shopPath('/experiments'), body); status('Created draft ' + x.id); await load(); } catch (e) { listErrors(errors, e); }
    };
    await load();
    const q = new URLSearchParams(location.search).get('experiment');
    if (q) await showResults(q);
    return load;
  }

  // ---------------------------------------------------------------- orders

  const when = t => t ? String(t).replace('T', ' ').substring(0, 19) : '–';

  function link(text, onclick) {
    return el('a', { href: '#', onclick: ev => { ev.preventDefault(); onclick(); } }, text);
  }

  async function orders() {
    const select = document.getElementById('order-status');
    const next = document.getElementById('orders-next');
    let cursor = null;
    const showOrder = async id => {
      try {
        const o = await call('GET', shopPath('/orders/' + encodeURIComponent(id)));
        document.getElementById('order-detail').hidden = false;
        document.getElementById('order-id').textContent = o.orderId;
        document.getElementById('order-meta').textContent = 'customer ' + o.userId + ' · ' + o.status + ' · created ' + when(o.createdAt)
          + (o.paidAt ? ' · paid ' + when(o.paidAt) : '') + (o.recommendationId ? ' · recommendation ' + o.recommendationId : '');
        rows(document.querySelector('#order-lines tbody'), o.lines, l => [l.itemId, l.title || '', l.quantity, money(l.unitPriceMinor, l.currency), money(l.totalMinor, l.currency)], 'No lines.');
        document.getElementById('order-totals').textContent = 'Total ' + money(o.totalMinor, o.currency) + ' · refunded ' + money(o.refundedMinor, o.currency);
        rows(document.querySelector('#order-history tbody'), o.history, t => [when(t.at), t.from || '–', t.to, t.cause], 'No history.');
        rows(document.querySelector('#order-payments tbody'), o.payments, p => [p.paymentId, p.provider, p.channel, p.state, money(p.amountMinor, p.currency), p.transactionId || '', when(p.updatedAt)], 'No payments.');
        rows(document.querySelector('#order-refunds tbody'), o.refunds, r => [r.refundId, r.paymentId, r.state, money(r.amountMinor, r.currency), r.automatic ? 'yes' : 'no', r.reason || '', when(r.updatedAt)], 'No refunds.');
        history.replaceState(null, '', '?order=' + encodeURIComponent(o.orderId));
      } catch (e) {
        status(e.message, true);
      }
    };
    const load = async from => {
      const params = new URLSearchParams({ limit: '25' });
      if (select.value) params.set('status', select.value);
      if (from) params.set('cursor', from);
      const r = await call('GET', shopPath('/orders?' + params));
      rows(document.querySelector('#orders tbody'), r.orders, o => [link(o.orderId, () => showOrder(o.orderId)), when(o.createdAt), o.userId, o.status,
        o.lines.length, money(o.totalMinor, o.currency), o.refundedMinor ? money(o.refundedMinor, o.currency) : ''], 'No orders.');
      cursor = r.nextCursor;
      next.disabled = !cursor;
      status(r.orders.length + ' orders · updated ' + new Date().toLocaleTimeString());
    };
    const reload = () => load(null).catch(x => status(x.message, true));
    document.getElementById('order-filter').onsubmit = e => { e.preventDefault(); reload(); };
    document.getElementById('orders-first').onclick = reload;
    next.onclick = () => load(cursor).catch(x => status(x.message, true));
    await load(null);
    const q = new URLSearchParams(location.search).get('order');
    if (q) await showOrder(q);
    return reload;
  }

  // ---------------------------------------------------------------- conversations

  function intentText(intent) {
    if (intent === null || intent === undefined) return '–';
    if (typeof intent !== 'object') return String(intent);
    return Object.entries(intent).filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && !v.length))
      .map(([k, v]) => k + ': ' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(' · ');
  }

  async function conversations() {
    const showTranscript = async id => {
      try {
        const c = await call('GET', shopPath('/conversations/' + encodeURIComponent(id)));
        document.getElementById('transcript').hidden = false;
        document.getElementById('conversation-id').textContent = c.id;
        document.getElementById('conversation-meta').textContent = (c.userId ? 'customer ' + c.userId : 'anonymous visitor ' + c.anonymousId)
          + ' · language ' + c.language + ' · started ' + when(c.createdAt);
        rows(document.querySelector('#turns tbody'), c.turns, t => [t.number, when(t.at), t.message, intentText(t.intent), t.reply,
          t.products.map(p => (p.title ? p.title + ' ' : '') + '(' + p.itemId + ')').join(', '), t.outcome], 'No turns.');
        history.replaceState(null, '', '?conversation=' + encodeURIComponent(c.id));
      } catch (e) {
        status(e.message, true);
      }
    };
    const load = async () => {
      const r = await call('GET', shopPath('/conversations'));
      rows(document.querySelector('#conversations tbody'), r.conversations, c => [link(c.id, () => showTranscript(c.id)), when(c.createdAt),
        c.userId || 'anonymous ' + c.anonymousId, c.language, c.turns, c.lastOutcome || '–'], 'No conversations yet.');
      status(r.conversations.length + ' conversations · updated ' + new Date().toLocaleTimeString());
    };
    await load();
    const q = new URLSearchParams(location.search).get('conversation');
    if (q) await showTranscript(q);
    return load;
  }

  // ---------------------------------------------------------------- jobs (server-wide; "this shop only" filters runs)

  async function jobs() {
    const { shop } = Admin;
    let cursor = null;
    const runNow = async (k) => {
      status('Queueing ' + k.kind + '…');
      try {
        const run = await call('POST', '/admin/api/jobs/' + encodeURIComponent(k.kind) + '/runs', k.perShop ? { shop: shop() } : undefined);
        status('Queued run ' + run.id + ' (' + run.kind + (run.shop ? ', ' + run.shop : '') + ').');
        await loadRuns(null);
      } catch (e) {
        status(e.message, true);
      }
    };
    const cancel = async (r) => {
      try {
        await call('POST', '/admin/api/jobs/runs/' + r.id + '/cancel');
        status('Cancelled run ' + r.id + '.');
        await loadRuns(cursor);
      } catch (e) {
        status(e.message, true);
      }
    };
    const loadKinds = async () => {
      const j = await call('GET', '/admin/api/jobs');
      const select = document.getElementById('job-kind');
      const chosen = select.value;
      select.replaceChildren(el('option', { value: '' }, 'any'), ...j.kinds.map(k => el('option', {}, k.kind)));
      select.value = chosen;
      rows(document.querySelector('#job-kinds tbody'), j.kinds, k => {
        const mine = k.next.find(n => n.shop === null || n.shop === shop());
        return [k.kind, k.perShop ? 'per shop' : 'server', mine ? mine.schedule : (k.scheduled ? '' : 'on demand'),
          mine ? mine.at : '–', k.lastSuccessAt, k.maxAttempts, k.timeoutSeconds + ' s',
          el('button', { type: 'button', onclick: () => runNow(k) }, k.perShop ? 'Run now for ' + shop() : 'Run now')];
      }, 'No job kinds on this node.');
    };
    const loadRuns = async (from) => {
      const q = new URLSearchParams({ limit: '50' });
      const kind = document.getElementById('job-kind').value;
      const state = document.getElementById('job-state').value;
      if (kind) q.set('kind', kind);
      if (state) q.set('state', state);
      if (document.getElementById('job-this-shop').checked) q.set('shop', shop());
      if (from) q.set('cursor', from);
      const page = await call('GET', '/admin/api/jobs/runs?' + q);
      cursor = from;
      rows(document.querySelector('#job-runs tbody'), page.runs, r => [r.id, r.kind, r.shop || '–', r.trigger,
        el('span', { class: r.state === 'failed' ? 'error' : '' }, r.state + (r.cancelRequested ? ' (cancelling)' : '')),
        r.attempt, r.startedAt, r.endedAt, r.durationMs === null ? '–' : fmt(r.durationMs) + ' ms', r.error || '', r.owner || '',
        r.state === 'queued' || r.state === 'running' ? el('button', { type: 'button', onclick: () => cancel(r) }, 'Cancel') : ''], 'No runs.');
      const next = document.getElementById('jobs-next');
      next.disabled = !page.nextCursor;
      next.onclick = () => loadRuns(page.nextCursor).catch(e => status(e.message, true));
    };
    document.getElementById('jobs-first').onclick = () => loadRuns(null).catch(e => status(e.message, true));
    document.getElementById('job-filter').onsubmit = (e) => { e.preventDefault(); loadRuns(null).catch(x => status(x.message, true)); };
    await loadKinds();
    await loadRuns(null);
    return async () => { await loadKinds(); await loadRuns(cursor); };
  }

  const PAGES = { overview, business, customers, orders, conversations, catalog, models, rules, experiments, jobs };

  document.addEventListener('DOMContentLoaded', () => {
    const page = PAGES[document.body.dataset.page];
    Admin.init(() => page().catch(e => status(e.message, true))).catch(e => status(e.message, true));
  });
})();
