// msw-mode throughput as a ratio to raw MSW request handling, measured in the same run.
//
// faultline: N price polls (`get_price` on a CoinGecko-like provider) through MswTransport, i.e.
// what msw mode does per provider call: a real fetch intercepted by MSW, the mocks' admission
// (rate limit, latency draw, fault rolls), the provider model, the archetype's JSON, the client's
// lossless parse and validation, the attempt event, and the virtual-clock scheduler delivering it.
// raw MSW: N bare `fetch`es to a trivial `setupServer` handler answering a small JSON body, read as text.
// Rounds alternate (raw, faultline, raw, …) and the medians are compared.
// Target (issue 4): faultline adds under 30% on top of MSW itself (ratio < 1.30).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadScenario } = await import(join(root, 'dist/src/io/read-scenario.js'));
const { planRun } = await import(join(root, 'dist/src/engine/plan.js'));
const { VirtualScheduler } = await import(join(root, 'dist/src/engine/scheduler.js'));
const { createRng } = await import(join(root, 'dist/src/engine/rng.js'));
const { PriceFeedModel } = await import(join(root, 'dist/src/providers/price-feed.js'));
const { createMswTransport } = await import(join(root, 'dist/src/transports/msw-transport.js'));

const N = Number(process.env.FAULTLINE_BENCH_N ?? 2000);
const ROUNDS = Number(process.env.FAULTLINE_BENCH_ROUNDS ?? 5);
const TARGET = 1.3;

const scenario = await loadScenario(join(root, 'scenarios/lp-outage.yaml'));
const plan = planRun(scenario, { version: 'bench', contentHash: 'bench' });
const feed = scenario.providers.find((p) => p.archetype === 'coingecko');
const instrument = scenario.market.instruments[0].symbol;
const quoteOf = (s) => scenario.market.instruments.find((i) => i.symbol === s)?.quote ?? scenario.reporting.currency;

/** N polls through msw mode's transport on the virtual clock; returns ms of wall time. */
async function faultlineRound(round) {
  const scheduler = new VirtualScheduler(scenario.startMs);
  const models = { priceFeeds: new Map([[feed.id, new PriceFeedModel(plan.market, quoteOf)]]), liquidityProviders: new Map(), paymentGateways: new Map() };
  let attempts = 0;
  let ok = 0;
  const transport = createMswTransport({
    scenario, providers: scenario.providers, faults: [], models, clock: scheduler, rng: createRng(1).fork(`bench-${round}`), market: plan.market,
    emit: (e) => { if (e.type === 'attempt') attempts += 1; },
  });
  const t0 = performance.now();
  scheduler.spawn(scenario.startMs, async () => {
    for (let i = 0; i < N; i++) {
      const r = await transport.call({ requestId: `px:${i}`, attempt: 1, provider: feed.id, body: { op: 'get_price', instrument }, timeoutMs: 60_000, idempotent: true });
      if (r.ok) ok += 1;
    }
  });
  await scheduler.run(Number.MAX_SAFE_INTEGER);
  const ms = performance.now() - t0;
  transport.close();
  if (attempts !== N || ok !== N) throw new Error(`faultline round: ${ok}/${N} ok, ${attempts} attempts`);
  return ms;
}

/** N bare fetches to a trivial handler; returns ms of wall time. */
async function rawRound() {
  const body = { bitcoin: { aud: 101400.5, aud_last_updated_at: 1764316800 } };
  const server = setupServer(http.get('https://raw.faultline.test/api/v3/simple/price', () => HttpResponse.json(body)));
  server.listen({ onUnhandledRequest: 'error' });
  const url = 'https://raw.faultline.test/api/v3/simple/price?ids=bitcoin&vs_currencies=aud';
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    await res.text();
  }
  const ms = performance.now() - t0;
  server.close();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Warm-up (JIT, MSW's lazy imports), not measured.
await rawRound();
await faultlineRound(-1);

const raw = [];
const faultline = [];
for (let r = 0; r < ROUNDS; r++) {
  raw.push(await rawRound());
  faultline.push(await faultlineRound(r));
}
const rawMs = median(raw);
const flMs = median(faultline);
const ratio = flMs / rawMs;
const perCall = (ms) => `${((ms / N) * 1000).toFixed(0)} µs/call`;
console.log(`calls per round: ${N}, rounds: ${ROUNDS} (medians)`);
console.log(`raw MSW (bare fetch, trivial handler): ${rawMs.toFixed(0)} ms  ${perCall(rawMs)}  ${Math.round(N / (rawMs / 1000))} calls/s`);
console.log(`faultline msw mode (price polls):      ${flMs.toFixed(0)} ms  ${perCall(flMs)}  ${Math.round(N / (flMs / 1000))} calls/s`);
console.log(`ratio: ${ratio.toFixed(2)}× (faultline adds ${((ratio - 1) * 100).toFixed(0)}% on top of MSW; target < ${((TARGET - 1) * 100).toFixed(0)}%)  ${ratio < TARGET ? 'PASS' : 'MISS'}`);
