// Sim mode refuses what the HTTP mocks refuse (issue 16): the same quantities and amounts get the
// same status, code and message through the sim transport as through the Binance-, Stripe- and
// PayPal-shaped mocks (test/integration/msw/archetypes.test.ts), and nothing executes.
import { describe, expect, test } from 'vitest';
import { provider, transportHarness } from '../../helpers/sim.js';

describe('sim mode: the provider models refuse malformed and out-of-range requests', () => {
  test.each([
    ['-1', 400, '-1100'],
    ['Infinity', 400, '-1100'],
    ['1e3', 400, '-1100'],
    ['0', 400, '-1013'],
    ['0.00015', 400, '-1013'],
  ])('an order for %j is refused %i %s; nothing fills', async (qty, status, code) => {
    const h = transportHarness([provider('bn', 'liquidity_provider', { archetype: 'binance' })]);
    const { response } = await h.call({ provider: 'bn', body: { op: 'place_order', instrument: 'BTC-USD', side: 'buy', qty, clientOrderId: 'H1', reference: 'H1', purpose: 'hedge' } });
    expect(response).toMatchObject({ ok: false, failure: 'http', status, code });
    expect(h.executions()).toEqual([]);
    expect(h.attempts()).toMatchObject([{ outcome: 'http_error', status }]);
  });

  test('a quantity on the lot step fills', async () => {
    const h = transportHarness([provider('bn', 'liquidity_provider', { archetype: 'binance' })]);
    const { response } = await h.call({ provider: 'bn', body: { op: 'place_order', instrument: 'BTC-USD', side: 'buy', qty: '0.0003', clientOrderId: 'H1', reference: 'H1', purpose: 'hedge' } });
    expect(response.ok).toBe(true);
    expect(h.executions()).toHaveLength(1);
  });

  test.each([
    ['stripe', '0', 'USD', 'parameter_invalid_integer', 'This value must be greater than or equal to 1.'],
    ['stripe', '-5.00', 'USD', 'parameter_invalid_integer', 'This value must be greater than or equal to 1.'],
    ['stripe', '0.49', 'USD', 'amount_too_small', 'Amount must be at least $0.50 usd'],
    ['stripe', '1000000.00', 'USD', 'amount_too_large', 'Amount must be no more than $999,999.99'],
    ['stripe', '12345678901234567890', 'USD', 'amount_too_large', 'Amount must be no more than $999,999.99'],
    ['stripe', '10.005', 'USD', 'parameter_invalid_integer', 'Invalid integer: 10.005'],
    ['stripe', '49', 'JPY', 'amount_too_small', 'Amount must be at least ¥50 jpy'],
    ['paypal', '0', 'USD', 'CANNOT_BE_ZERO_OR_NEGATIVE', 'Must be greater than zero. If the currency supports decimals, only two decimal place precision is supported.'],
    ['paypal', '1.005', 'USD', 'DECIMAL_PRECISION', 'If the currency supports decimals, only 2 decimal place precision is supported.'],
  ] as const)('%s: a payment of %j %s is refused %s; nobody is charged', async (archetype, amount, currency, code, message) => {
    const h = transportHarness([provider('gw', 'payment_gateway', { archetype })]);
    const { response } = await h.call({ provider: 'gw', body: { op: 'create_payment', amount, currency, international: false, reference: 'P1', idempotencyKey: 'k1' } });
    expect(response).toMatchObject({ ok: false, failure: 'http', code, message });
    expect(h.executions()).toEqual([]);
  });

  test('the largest Stripe amount charges, to the cent', async () => {
    const h = transportHarness([provider('gw', 'payment_gateway', { archetype: 'stripe' })]);
    const { response } = await h.call({ provider: 'gw', body: { op: 'create_payment', amount: '999999.99', currency: 'USD', international: false, reference: 'P1' } });
    expect(response.ok).toBe(true);
    expect(h.executions()).toMatchObject([{ amount: '999999.99', ccy: 'USD' }]);
  });
});
