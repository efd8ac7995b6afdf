/**
 * A firm's own client, put under a faultline drill (docs/msw.md, "The firm's own client").
 *
 * Plain `fetch` against the providers' public APIs (CoinGecko simple price, Binance spot orders,
 * Stripe payment intents), with the firm's own retry rule: up to 3 attempts, 250 ms then 500 ms
 * apart, on a network error, a timeout, 429 or 5xx; idempotency keys on every write, and an
 * order-status lookup when an order's outcome is unknown. faultline hands it the providers' base
 * URLs, a journaled `fetch` and a `sleep` on the drill's clock.
 */
import type { AdapterContext, FaultlineAdapter, OrderRequest, PaymentRequest } from '../../src/integration/adapter.js';

const ATTEMPTS = 3;

type Answer = { kind: 'response'; status: number; text: string } | { kind: 'network' };

export default function createAdapter(ctx: AdapterContext): FaultlineAdapter {
  const byRole = (role: string) => ctx.providers.filter((p) => p.role === role);
  const feed = byRole('price_feed')[0];
  const venue = byRole('liquidity_provider')[0];
  const gateway = byRole('payment_gateway')[0];

  /** One request with the firm's timeout (on the drill clock). */
  async function send(url: string, init: RequestInit): Promise<Answer> {
    const abort = new AbortController();
    const timer = ctx.sleep(ctx.timeoutMs).then((): Answer => {
      abort.abort();
      return { kind: 'network' };
    });
    const call = (async (): Promise<Answer> => {
      try {
        const res = await ctx.fetch(url, { ...init, signal: abort.signal });
        return { kind: 'response', status: res.status, text: await res.text() };
      } catch {
        return { kind: 'network' };
      }
    })();
    return Promise.race([call, timer]);
  }

  /** The retry rule: network errors, 429 and 5xx are retried; anything else is the answer. */
  async function withRetries(url: string, init: RequestInit): Promise<{ answer: Answer; retries: number }> {
    let answer: Answer = { kind: 'network' };
    for (let i = 0; i < ATTEMPTS; i++) {
      if (i > 0) await ctx.sleep(250 * 2 ** (i - 1));
      answer = await send(url, init);
      if (answer.kind === 'response' && answer.status !== 429 && answer.status < 500) return { answer, retries: i };
    }
    return { answer, retries: ATTEMPTS - 1 };
  }

  const json = (text: string): Record<string, unknown> | undefined => {
    try {
      const v: unknown = JSON.parse(text);
      return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const coinId = (instrument: string): string => ({ BTC: 'bitcoin', ETH: 'ethereum' } as Record<string, string>)[instrument.split('-')[0]!] ?? instrument.split('-')[0]!.toLowerCase();
  const minor = (currency: string): number => (currency === 'JPY' ? 0 : 2);

  return {
    async getQuote({ instrument }) {
      if (feed === undefined) return { status: 'UNAVAILABLE', reason: 'no price feed configured' };
      const [, quote] = instrument.split('-');
      const vs = quote!.toLowerCase();
      const q = new URLSearchParams({ ids: coinId(instrument), vs_currencies: vs, include_last_updated_at: 'true', precision: 'full' });
      const { answer } = await withRetries(`${feed.baseUrl}/api/v3/simple/price?${q}`, { headers: { accept: 'application/json' } });
      if (answer.kind !== 'response' || answer.status !== 200) return { status: 'UNAVAILABLE', reason: answer.kind === 'network' ? 'network error' : `HTTP ${answer.status}`, provider: feed.id };
      // Keep the price's digits exactly as sent: read the number's text, not a JS float.
      const m = new RegExp(`"${vs}":\\s*(\\d+(?:\\.\\d+)?)`).exec(answer.text);
      const ts = new RegExp(`"${vs}_last_updated_at":\\s*(\\d+(?:\\.\\d+)?)`).exec(answer.text);
      if (m === null || ts === null) return { status: 'UNAVAILABLE', reason: 'unreadable price answer', provider: feed.id };
      const ageMs = ctx.now() - Math.round(Number(ts[1]) * 1000);
      if (ageMs > 30_000) return { status: 'UNAVAILABLE', reason: `stale price (${Math.round(ageMs / 1000)}s old)`, provider: feed.id };
      return { status: 'OK', price: m[1]!, ts: Math.round(Number(ts[1]) * 1000), provider: feed.id };
    },

    async placeOrder(order: OrderRequest) {
      if (venue === undefined) return { status: 'REJECTED', reason: 'no venue configured' };
      const form = new URLSearchParams({
        symbol: order.instrument.replace('-', ''), side: order.side.toUpperCase(), type: 'MARKET', quantity: order.qty,
        newClientOrderId: order.clientOrderId, newOrderRespType: 'FULL', timestamp: '0',
      });
      const { answer, retries } = await withRetries(`${venue.baseUrl}/api/v3/order`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-mbx-apikey': 'my-firm-key' }, body: form.toString(),
      });
      if (answer.kind === 'response') {
        const doc = json(answer.text);
        if (answer.status === 200 && doc?.status === 'FILLED') {
          const fills = (doc.fills as { price: string; commission: string; commissionAsset: string }[] | undefined) ?? [];
          const qty = Number(doc.executedQty);
          const price = qty > 0 ? String(doc.cummulativeQuoteQty !== undefined ? (Number(doc.cummulativeQuoteQty) / qty).toFixed(2) : fills[0]?.price) : fills[0]?.price;
          return { status: 'FILLED', price: fills[0]?.price ?? price ?? '0', ...(fills[0] === undefined ? {} : { fee: fills[0].commission, feeCcy: fills[0].commissionAsset }), provider: venue.id, retries };
        }
        // A duplicate client order id means an earlier attempt went through.
        if (answer.status === 400 && doc?.code === -2010) return { status: 'UNKNOWN', reason: 'duplicate order id', provider: venue.id, retries };
        if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) return { status: 'REJECTED', reason: `HTTP ${answer.status} ${String(doc?.msg ?? '')}`.trim(), provider: venue.id, retries };
      }
      return { status: 'UNKNOWN', reason: answer.kind === 'network' ? 'no answer' : `HTTP ${answer.status}`, provider: venue.id, retries };
    },

    async checkOrder({ clientOrderId, instrument }) {
      if (venue === undefined) return { status: 'UNKNOWN' };
      const q = new URLSearchParams({ symbol: instrument.replace('-', ''), origClientOrderId: clientOrderId, timestamp: '0' });
      const { answer } = await withRetries(`${venue.baseUrl}/api/v3/order?${q}`, { headers: { 'x-mbx-apikey': 'my-firm-key' } });
      if (answer.kind !== 'response') return { status: 'UNKNOWN', provider: venue.id };
      const doc = json(answer.text);
      if (answer.status === 400 && doc?.code === -2013) return { status: 'NOT_FOUND', provider: venue.id };
      const fills = (doc?.fills as { price: string; commission: string; commissionAsset: string }[] | undefined) ?? [];
      if (answer.status === 200 && doc?.status === 'FILLED' && fills[0] !== undefined) {
        return { status: 'FILLED', price: fills[0].price, fee: fills[0].commission, feeCcy: fills[0].commissionAsset, provider: venue.id };
      }
      return { status: 'UNKNOWN', provider: venue.id };
    },

    async createPayment(p: PaymentRequest) {
      if (gateway === undefined) return { status: 'FAILED', reason: 'no gateway configured' };
      const [units, frac = ''] = p.amount.split('.');
      const amountMinor = String(Number(`${units}${frac.padEnd(minor(p.currency), '0').slice(0, minor(p.currency))}`));
      const form = new URLSearchParams({
        amount: amountMinor, currency: p.currency.toLowerCase(), confirm: 'true', payment_method: 'pm_card_visa',
        'metadata[reference]': p.paymentId, 'metadata[international]': String(p.international), 'expand[]': 'latest_charge.balance_transaction',
      });
      const { answer, retries } = await withRetries(`${gateway.baseUrl}/v1/payment_intents`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_my_firm', 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': p.idempotencyKey },
        body: form.toString(),
      });
      if (answer.kind === 'response' && answer.status === 200) {
        const doc = json(answer.text);
        const txn = (doc?.latest_charge as { balance_transaction?: { fee?: number; currency?: string } } | undefined)?.balance_transaction;
        if (doc?.status === 'succeeded' && txn?.fee !== undefined) {
          const ccy = (txn.currency ?? p.currency).toUpperCase();
          return { status: 'SUCCEEDED', provider: gateway.id, fee: (txn.fee / 10 ** minor(ccy)).toFixed(minor(ccy)), feeCcy: ccy, retries };
        }
        return { status: 'UNKNOWN', provider: gateway.id, reason: 'unreadable answer', retries };
      }
      if (answer.kind === 'response' && answer.status >= 400 && answer.status < 500 && answer.status !== 429) return { status: 'FAILED', provider: gateway.id, reason: `HTTP ${answer.status}`, retries };
      // 5xx or no answer after the retries: the charge may have gone through.
      return { status: 'UNKNOWN', provider: gateway.id, reason: answer.kind === 'network' ? 'no answer' : `HTTP ${answer.status}`, retries };
    },
  };
}
