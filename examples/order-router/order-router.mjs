#!/usr/bin/env node
/**
 * A small order router and payment service: the kind of service a firm puts under a faultline
 * drill with `integration: { type: http }` (see README.md next to this file). Plain Node ≥ 20, no
 * dependencies, no build step.
 *
 * What it does, with its own resilience logic (this is what the drill measures):
 * - Prices from the price feed (CoinGecko API), 2 attempts, rejected when older than 30 s.
 * - Orders to the primary liquidity provider (Binance API) with the firm's client order id as
 *   `newClientOrderId`. **Failover** to the backup venue when the primary cannot be reached
 *   (connection refused) or keeps failing with 5xx/429 — but never after a timeout or a reset, when
 *   the order may have executed: then it asks the venue for the order's status instead.
 * - Payments to the gateway (Stripe API) with the request's idempotency key, up to 4 attempts with
 *   exponential backoff on network errors, 429 and 5xx.
 *
 * It speaks faultline's request contract (docs/proxy-mode.md): POST /quote, POST /orders,
 * GET /orders/{clientOrderId}, POST /payments, GET /health. Configuration comes from the
 * environment faultline sets: FAULTLINE_<PROVIDER>_URL, FAULTLINE_SPEED, FAULTLINE_TIMEOUT_MS, PORT;
 * which providers play which part from its own ROUTER_* variables (the drill's integration.env).
 */
import { createServer } from 'node:http';

const env = process.env;
const speed = Number(env.FAULTLINE_SPEED ?? '1');
/** Scenario ms → wall ms: at speed 60 a 2 s timeout is 33 wall ms. */
const wall = (scenarioMs) => Math.max(1, scenarioMs / speed);
const TIMEOUT_MS = Number(env.FAULTLINE_TIMEOUT_MS ?? '2000');
const MAX_PRICE_AGE_MS = Number(env.ROUTER_MAX_PRICE_AGE_MS ?? '30000');

const urlOf = (id) => {
  const url = env[`FAULTLINE_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`];
  if (url === undefined) throw new Error(`no URL for provider ${id}: set FAULTLINE_${id.toUpperCase()}_URL`);
  return url.replace(/\/+$/, '');
};
const FEED = env.ROUTER_FEED ?? 'coingecko';
const VENUES = (env.ROUTER_LPS ?? 'binance').split(',').map((s) => s.trim()).filter(Boolean);
const GATEWAY = env.ROUTER_GATEWAY ?? 'stripe';
const urls = Object.fromEntries([FEED, ...VENUES, GATEWAY].map((id) => [id, urlOf(id)]));

const log = (...parts) => process.stderr.write(`${parts.join(' ')}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Scenario time for this request: faultline sends it as X-Faultline-Time (epoch ms); undefined without it (curl). */
function clockOf(req) {
  const header = req.headers['x-faultline-time'];
  if (header === undefined) return undefined;
  const t0 = Number(header);
  const w0 = performance.now();
  return () => t0 + (performance.now() - w0) * speed;
}

/** One provider request with the firm's timeout. `kind`: response, refused (never connected), or lost (timeout/reset). */
async function send(url, init = {}) {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(wall(TIMEOUT_MS)) });
    const text = await res.text();
    return { kind: 'response', status: res.status, text };
  } catch (error) {
    let e = error;
    for (let i = 0; i < 3 && e; i++, e = e.cause) if (e.code === 'ECONNREFUSED') return { kind: 'refused' };
    return { kind: 'lost' };
  }
}
const retryable = (a) => a.kind !== 'response' || a.status === 429 || a.status >= 500;
const json = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

// ------------------------------------------------------------------------------------------------
// Prices

const COIN_IDS = { BTC: 'bitcoin', ETH: 'ethereum', SOL: 'solana' };

async function quote({ instrument }, now) {
  const [base, quoteCcy] = instrument.split('-');
  const vs = quoteCcy.toLowerCase();
  const q = new URLSearchParams({ ids: COIN_IDS[base] ?? base.toLowerCase(), vs_currencies: vs, include_last_updated_at: 'true', precision: 'full' });
  let answer;
  for (let attempt = 0; attempt < 2; attempt++) {
    answer = await send(`${urls[FEED]}/api/v3/simple/price?${q}`, { headers: { accept: 'application/json' } });
    if (!retryable(answer)) break;
  }
  if (answer.kind !== 'response' || answer.status !== 200) return { status: 'UNAVAILABLE', reason: answer.kind === 'response' ? `HTTP ${answer.status}` : `feed ${answer.kind}`, provider: FEED };
  // Keep the price's digits as sent: read the number's text, never a float.
  const price = new RegExp(`"${vs}":\\s*(\\d+(?:\\.\\d+)?)`).exec(answer.text)?.[1];
  const ts = new RegExp(`"${vs}_last_updated_at":\\s*(\\d+(?:\\.\\d+)?)`).exec(answer.text)?.[1];
  if (price === undefined || ts === undefined) return { status: 'UNAVAILABLE', reason: 'unreadable price', provider: FEED };
  const tsMs = Math.round(Number(ts) * 1000);
  if (now !== undefined && now() - tsMs > MAX_PRICE_AGE_MS) return { status: 'UNAVAILABLE', reason: `stale price (${Math.round((now() - tsMs) / 1000)}s old)`, provider: FEED };
  return { status: 'OK', price, ts: tsMs, provider: FEED };
}

// ------------------------------------------------------------------------------------------------
// Orders: primary venue first, failover to the backup only when the order cannot have executed

/** Where each client order went (for status lookups). */
const venueOf = new Map();

/** Decimal text without Binance's trailing zeros ("101234.56000000" → "101234.56"); never a float. */
const trimZeros = (text) => (text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text);

function fillOf(doc, venue) {
  const fill = doc?.fills?.[0];
  if (doc?.status !== 'FILLED' || fill === undefined) return undefined;
  return { status: 'FILLED', price: trimZeros(fill.price), fee: trimZeros(fill.commission), feeCcy: fill.commissionAsset, provider: venue };
}

async function orderStatus(venue, clientOrderId, instrument) {
  const q = new URLSearchParams({ symbol: instrument.replace('-', ''), origClientOrderId: clientOrderId, timestamp: '0' });
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await sleep(wall(250 * 2 ** (attempt - 1)));
    const a = await send(`${urls[venue]}/api/v3/order?${q}`, { headers: { 'x-mbx-apikey': 'router-key' } });
    if (a.kind !== 'response') continue;
    const doc = json(a.text);
    if (a.status === 400 && doc?.code === -2013) return { status: 'NOT_FOUND', provider: venue };
    const fill = a.status === 200 ? fillOf(doc, venue) : undefined;
    if (fill !== undefined) return fill;
  }
  return { status: 'UNKNOWN', provider: venue };
}

async function placeOrder(order) {
  const form = new URLSearchParams({
    symbol: order.instrument.replace('-', ''), side: order.side.toUpperCase(), type: 'MARKET', quantity: order.qty,
    newClientOrderId: order.clientOrderId, newOrderRespType: 'FULL', timestamp: '0',
  }).toString();
  let retries = 0;
  let last = 'no venue';
  for (const [v, venue] of VENUES.entries()) {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (attempt > 0) {
        retries += 1;
        await sleep(wall(250));
      }
      if (v > 0 || attempt > 0) log(`order ${order.clientOrderId}: ${v > 0 && attempt === 0 ? `failover to ${venue}` : `retry on ${venue}`} (${last})`);
      venueOf.set(order.clientOrderId, venue);
      const a = await send(`${urls[venue]}/api/v3/order`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-mbx-apikey': 'router-key' }, body: form,
      });
      if (a.kind === 'lost') {
        // It may have executed: never send it elsewhere; ask this venue what happened.
        const s = await orderStatus(venue, order.clientOrderId, order.instrument);
        if (s.status === 'FILLED') return { ...s, retries };
        if (s.status === 'UNKNOWN') return { status: 'UNKNOWN', reason: `no answer from ${venue}, status unknown`, provider: venue, retries };
        last = `${venue} lost the request`;
        continue; // not found: safe to send again
      }
      if (a.kind === 'refused') {
        last = `${venue} refused the connection`;
        break; // venue down: next venue
      }
      const doc = json(a.text);
      if (a.status === 200) {
        const fill = fillOf(doc, venue);
        if (fill !== undefined) return { ...fill, retries };
        return { status: 'UNKNOWN', reason: `unreadable answer from ${venue}`, provider: venue, retries };
      }
      if (a.status === 400 && doc?.code === -2010) {
        // Duplicate client order id: an earlier attempt went through.
        const s = await orderStatus(venue, order.clientOrderId, order.instrument);
        return s.status === 'FILLED' ? { ...s, retries } : { status: 'UNKNOWN', reason: 'duplicate order id', provider: venue, retries };
      }
      if (a.status === 429 || a.status >= 500) {
        last = `${venue} HTTP ${a.status}`;
        continue;
      }
      return { status: 'REJECTED', reason: `${venue} HTTP ${a.status} ${doc?.msg ?? ''}`.trim(), provider: venue, retries };
    }
  }
  return { status: 'REJECTED', reason: `no venue took the order (${last})`, retries };
}

async function checkOrder(clientOrderId, instrument) {
  const venue = venueOf.get(clientOrderId);
  if (venue !== undefined) return orderStatus(venue, clientOrderId, instrument);
  for (const v of VENUES) {
    const s = await orderStatus(v, clientOrderId, instrument);
    if (s.status !== 'NOT_FOUND') return s;
  }
  return { status: 'NOT_FOUND' };
}

// ------------------------------------------------------------------------------------------------
// Payments: idempotency key on every attempt, exponential backoff

const minorDigits = (ccy) => (ccy === 'JPY' ? 0 : 2);

function minorUnits(amount, ccy) {
  const [units, frac = ''] = amount.split('.');
  const digits = minorDigits(ccy);
  return String(BigInt(`${units}${frac.padEnd(digits, '0').slice(0, digits)}`));
}

async function createPayment(p) {
  const body = new URLSearchParams({
    amount: minorUnits(p.amount, p.currency), currency: p.currency.toLowerCase(), confirm: 'true', payment_method: 'pm_card_visa',
    'metadata[reference]': p.paymentId, 'metadata[international]': String(p.international), 'expand[]': 'latest_charge.balance_transaction',
  }).toString();
  let answer;
  let retries = 0;
  for (let attempt = 0; attempt < 4; attempt++) {
    if (attempt > 0) {
      retries += 1;
      await sleep(wall(250 * 2 ** (attempt - 1)));
    }
    answer = await send(`${urls[GATEWAY]}/v1/payment_intents`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_router', 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': p.idempotencyKey },
      body,
    });
    if (!retryable(answer)) break;
  }
  if (answer.kind === 'response' && answer.status === 200) {
    const doc = json(answer.text);
    const txn = doc?.latest_charge?.balance_transaction;
    if (doc?.status === 'succeeded' && typeof txn?.fee === 'number') {
      const ccy = (txn.currency ?? p.currency).toUpperCase();
      const digits = minorDigits(ccy);
      const fee = digits === 0 ? String(txn.fee) : `${Math.trunc(txn.fee / 10 ** digits)}.${String(txn.fee % 10 ** digits).padStart(digits, '0')}`;
      return { status: 'SUCCEEDED', provider: GATEWAY, fee, feeCcy: ccy, retries };
    }
    return { status: 'UNKNOWN', provider: GATEWAY, reason: 'unreadable answer', retries };
  }
  if (answer.kind === 'response' && answer.status >= 400 && answer.status < 500 && answer.status !== 429) {
    return { status: 'FAILED', provider: GATEWAY, reason: `HTTP ${answer.status}`, retries };
  }
  // Still failing after the retries: the charge may or may not have gone through.
  return { status: 'UNKNOWN', provider: GATEWAY, reason: answer.kind === 'response' ? `HTTP ${answer.status}` : `gateway ${answer.kind}`, retries };
}

// ------------------------------------------------------------------------------------------------
// The HTTP API (faultline's request contract)

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

const server = createServer(async (req, res) => {
  const reply = (status, doc) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(doc));
  };
  try {
    const url = new URL(req.url ?? '/', 'http://router');
    const now = clockOf(req);
    if (req.method === 'GET' && url.pathname === '/health') return reply(200, { ok: true, venues: VENUES });
    if (req.method === 'POST' && url.pathname === '/quote') return reply(200, await quote(await readJson(req), now));
    if (req.method === 'POST' && url.pathname === '/orders') return reply(200, await placeOrder(await readJson(req)));
    if (req.method === 'POST' && url.pathname === '/payments') return reply(200, await createPayment(await readJson(req)));
    const m = /^\/orders\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && m !== null) return reply(200, await checkOrder(decodeURIComponent(m[1]), url.searchParams.get('instrument') ?? ''));
    return reply(404, { error: `no route ${req.method} ${url.pathname}` });
  } catch (error) {
    log(`error: ${error instanceof Error ? error.stack : String(error)}`);
    return reply(500, { error: String(error) });
  }
});

const port = Number(env.PORT ?? '8090');
server.listen(port, env.HOST ?? '127.0.0.1', () => {
  log(`order-router (pid ${process.pid}) listening on ${env.HOST ?? '127.0.0.1'}:${port} (speed ${speed}, timeout ${TIMEOUT_MS} ms scenario time); feed ${FEED}, venues ${VENUES.join(' → ')}, gateway ${GATEWAY}`);
});

// Stop on SIGTERM, and — when faultline started us — when faultline goes away, however it goes
// (its end of our stdin closes).
const stop = () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (env.FAULTLINE_REPLAY !== undefined && !process.stdin.isTTY) {
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}
