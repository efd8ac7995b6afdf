/**
 * Scenario format v1, defined once in zod. This is the *file* shape (what users write, what the
 * JSON Schema describes); `compile-scenario.ts` turns it into the normalised `Scenario` the
 * planner consumes (durations in ms, instants in epoch ms, decimals as strings).
 *
 * Keys are snake_case like most YAML configuration; every object is strict, so a typo is an
 * error with a hint instead of a silently ignored setting.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Scalars

/** `500ms`, `30s`, `45m`, `2h`, `1d`, or combinations like `1h30m`. */
export const DURATION_PATTERN = /^(\d+(\.\d+)?(ms|s|m|h|d))+$/;
export const Duration = z
  .string()
  .regex(DURATION_PATTERN, { message: 'expected a duration like "500ms", "30s", "45m", "2h" or "1h30m"' })
  .describe('A duration: a number followed by ms, s, m, h or d; parts may be combined ("1h30m").');

/** Decimal amounts are strings in files (no binary float); plain YAML numbers are accepted when exact. */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;
export const DecimalValue = z
  .union([
    z.string().regex(DECIMAL_PATTERN, { message: 'expected a decimal number like "101400.50"' }),
    z.number().refine((n) => Number.isFinite(n) && Math.abs(n) < 1e15, {
      message: 'number too large or not finite; write it as a quoted decimal string',
    }),
  ])
  .describe('A decimal number. Prefer a quoted string ("0.30") so no binary floating point is involved.');

/** A non-negative decimal. */
export const NonNegativeDecimal = DecimalValue.refine((v) => !String(v).startsWith('-'), {
  message: 'must not be negative',
});

/** A probability or ratio in [0, 1]. */
export const Ratio = z.number().min(0).max(1);

/** ISO 4217-like currency code or crypto ticker. */
export const Currency = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{2,9}$/, { message: 'expected an upper-case currency code like "AUD", "USD" or "BTC"' });

/** UTC instant with an explicit offset, e.g. `2025-04-06T22:00:00Z`. */
export const Instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'expected an ISO-8601 instant with a time zone, like "2025-04-06T22:00:00Z"',
  });

/** Either an offset from the drill start ("15m") or an absolute instant. */
export const TimePoint = z.union([Duration, Instant]).describe('Offset from the drill start ("15m") or an ISO instant.');

export const Identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'expected a lower-case identifier (letters, digits, "-" and "_")' });

export const InstrumentSymbol = z
  .string()
  .regex(/^[A-Z0-9]{2,10}-[A-Z0-9]{2,10}$/, { message: 'expected an instrument symbol like "BTC-AUD" (BASE-QUOTE)' });

// ---------------------------------------------------------------------------------------------
// Providers

export const ProviderRole = z.enum(['price_feed', 'liquidity_provider', 'payment_gateway']);
export type ProviderRole = z.infer<typeof ProviderRole>;

export const Archetype = z.enum(['coingecko', 'coinmarketcap', 'binance', 'stripe', 'paypal']);
export type Archetype = z.infer<typeof Archetype>;

/** Which role each archetype can play (checked as a cross-field rule). */
export const ARCHETYPE_ROLES: Record<Archetype, ProviderRole> = {
  coingecko: 'price_feed',
  coinmarketcap: 'price_feed',
  binance: 'liquidity_provider',
  stripe: 'payment_gateway',
  paypal: 'payment_gateway',
};

export const LatencySpec = z
  .strictObject({
    distribution: z.enum(['lognormal', 'fixed', 'uniform']).default('lognormal'),
    median: Duration.default('50ms'),
    p99: Duration.optional().describe('99th percentile (lognormal); defaults to 4x the median.'),
    min: Duration.optional(),
    max: Duration.optional(),
  })
  .describe('Baseline response latency of the provider.');

export const RateLimitSpec = z.strictObject({
  requests: z.number().int().positive(),
  per: Duration,
  /** What the provider says in Retry-After when the limit is hit. */
  retry_after: Duration.optional(),
});

export const FeeSpec = z
  .strictObject({
    /** Percentage of notional or amount, e.g. 1.7 for 1.7 %. */
    percent: NonNegativeDecimal.optional(),
    /** Fixed fee per charge, in `currency`. */
    fixed: NonNegativeDecimal.optional(),
    /** Maker/taker fees for liquidity providers, in basis points of notional. */
    maker_bps: NonNegativeDecimal.optional(),
    taker_bps: NonNegativeDecimal.optional(),
    currency: Currency.optional(),
    /** Fee for a chargeback/dispute (payments). */
    dispute_fee: NonNegativeDecimal.optional(),
    /** Whether the processor returns its fee when a charge is refunded (contract-specific, §2.5). */
    refundable: z.boolean().default(false),
    /** How the counterparty rounds each fee (§1.1.5). */
    rounding: z.enum(['half_up', 'half_even', 'down', 'up']).default('half_up'),
  })
  .describe('Fee schedule (a dated input: fee schedules change).');

export const SlaTier = z.strictObject({
  /** Credit applies when monthly uptime % is strictly below this value. */
  below: z.number().min(0).max(100),
  /** Credit as a percentage of the monthly fee. */
  credit_pct: z.number().min(0).max(100),
});

export const SlaSpec = z.strictObject({
  uptime_target: z.number().min(0).max(100).describe('Committed monthly uptime, e.g. 99.9.'),
  monthly_fee: NonNegativeDecimal,
  currency: Currency,
  direction: z.enum(['receivable', 'payable']).default('receivable'),
  tiers: z.array(SlaTier).min(1),
  downtime_rule: z
    .strictObject({
      window: Duration.default('1m'),
      error_threshold_pct: z.number().min(0).max(100).default(5),
    })
    .default({ window: '1m', error_threshold_pct: 5 }),
  cap_pct: z.number().min(0).max(100).default(100),
  claim_window_days: z.number().int().positive().default(15),
  timezone: z.string().default('UTC').describe('Time zone of the service-credit period (the calendar month) and of the claim deadline: UTC unless the contract says otherwise (an IANA zone, e.g. "Australia/Sydney").'),
});

export const ProviderSpec = z.strictObject({
  role: ProviderRole,
  archetype: Archetype,
  name: z.string().optional().describe('Display name (defaults to the key).'),
  latency: LatencySpec.default({ distribution: 'lognormal', median: '50ms' }),
  error_rate: Ratio.default(0).describe('Baseline probability that a request fails with a 5xx.'),
  rate_limit: RateLimitSpec.optional(),
  fees: FeeSpec.optional(),
  sla: SlaSpec.optional(),
  /** Spread the LP charges around mid, in bps (liquidity providers). */
  spread_bps: NonNegativeDecimal.optional(),
});
export type ProviderSpec = z.infer<typeof ProviderSpec>;

// ---------------------------------------------------------------------------------------------
// Integration under test

export const RetryPolicy = z.strictObject({
  max: z.number().int().min(0).max(20).default(2),
  backoff: z.enum(['fixed', 'exponential']).default('exponential'),
  base_delay: Duration.default('250ms'),
  max_delay: Duration.default('5s'),
  jitter: z.enum(['none', 'full', 'equal']).default('full'),
  /** Honour Retry-After on 429/503 (capped by max_delay × 4). */
  respect_retry_after: z.boolean().default(true),
});

export const CircuitBreakerPolicy = z.strictObject({
  failure_threshold: z.number().int().positive().default(5),
  cooldown: Duration.default('30s'),
});

export const ValidationPolicy = z.strictObject({
  max_price_age: Duration.optional().describe('Reject prices older than this (staleness rule, §2.1).'),
  price_band_pct: z.number().positive().optional().describe('Reject prices further than this % from the last good price.'),
  currency_check: z.boolean().default(true),
});

export const ReferenceIntegration = z.strictObject({
  type: z.literal('reference'),
  timeout: Duration.default('2s'),
  retries: RetryPolicy.default({ max: 2, backoff: 'exponential', base_delay: '250ms', max_delay: '5s', jitter: 'full', respect_retry_after: true }),
  idempotency: z.boolean().default(true).describe('Send idempotency keys / client order ids and check status before retrying.'),
  circuit_breaker: CircuitBreakerPolicy.optional(),
  failover: z
    .strictObject({
      price_feed: z.array(Identifier).optional(),
      liquidity_provider: z.array(Identifier).optional(),
      payment_gateway: z.array(Identifier).optional(),
    })
    .default({})
    .describe('Automatic failover chain per role, primary first. Unlisted providers of the role are manual-only backups. Defaults to every provider of the role in declaration order.'),
  validation: ValidationPolicy.default({ currency_check: true }),
  dead_letter: z.boolean().default(true),
  price_poll_interval: Duration.default('5s'),
});

/** The firm's own client code behind the adapter interface (src/integration/adapter.ts); msw or proxy mode. */
export const ModuleIntegration = z.strictObject({
  type: z.literal('module'),
  module: z.string().min(1).describe('Path of the adapter module (.ts, .mts, .js or .mjs), relative to the scenario file.'),
  timeout: Duration.default('2s').describe("Handed to the adapter as the provider timeout it should use (the adapter enforces it); also the monitor's probe timeout."),
  call_timeout: Duration.default('60s').describe('How long one adapter call may take (scenario time) before faultline calls the adapter hung and stops the run.'),
  validation: ValidationPolicy.default({ currency_check: true }).describe('Only max_price_age is used: trades are rejected when the last quote is older. The adapter does its own validation.'),
  price_poll_interval: Duration.default('5s'),
});

/** `host:port` on loopback, e.g. `127.0.0.1:21001` (a Toxiproxy proxy's listen address). */
const LoopbackListen = z
  .string()
  .regex(/^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]):\d{1,5}$/, { message: 'expected a loopback host:port like "127.0.0.1:21001"' });

/**
 * The firm's own service, as a separate process speaking the HTTP request contract
 * (docs/proxy-mode.md, "integration: type http"); proxy mode only. faultline starts it with
 * `command` (or uses the one already running at `url`), hands it the proxies' addresses as
 * FAULTLINE_<PROVIDER>_URL, waits for `ready`, and drives the workload through its API.
 */
export const HttpIntegration = z.strictObject({
  type: z.literal('http'),
  command: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe('How to start the service: a shell command line ("node service.mjs", run by /bin/sh) or an argv list (["node", "service.mjs"], no shell). Omit to use a service already running at url.'),
  cwd: z.string().min(1).optional().describe("The command's working directory, relative to the scenario file (default: the scenario file's folder)."),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'environment variable names are letters, digits and _' }), z.string()).default({}).describe('Extra environment variables for the command (FAULTLINE_* are set by faultline).'),
  url: z
    .string()
    .regex(/^http:\/\/(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]):\d{1,5}\/?$/, { message: 'expected a loopback base URL like "http://127.0.0.1:8090"' })
    .default('http://127.0.0.1:0')
    .describe('Where the service listens (loopback only). Port 0 with a command: faultline picks a free port and hands it over as PORT.'),
  ready: z
    .strictObject({
      path: z.string().regex(/^\//, { message: 'a path starting with "/"' }).default('/health').describe('GET <url><path> must answer 2xx when the service is ready.'),
      timeout: Duration.default('15s').describe('Wall-clock time the service has to get ready (per replay).'),
    })
    .default({ path: '/health', timeout: '15s' }),
  proxies: z
    .record(Identifier, LoopbackListen)
    .optional()
    .describe("Fixed listen addresses of the providers' Toxiproxy proxies (default: free ports). Required for every provider when there is no command: the running service was configured with them."),
  timeout: Duration.default('2s').describe('The provider timeout the service should use, handed over as FAULTLINE_TIMEOUT_MS (scenario ms); also the probes\' timeout.'),
  call_timeout: Duration.default('60s').describe('How long one request to the service may take (scenario time) before faultline calls the service hung and stops the run.'),
  validation: ValidationPolicy.default({ currency_check: true }).describe('Only max_price_age is used: trades are rejected when the last quote is older. The service does its own validation.'),
  price_poll_interval: Duration.default('5s'),
});

export const Integration = z.discriminatedUnion('type', [ReferenceIntegration, ModuleIntegration, HttpIntegration]);

// ---------------------------------------------------------------------------------------------
// Market

export const InstrumentSpec = z.strictObject({
  mid: DecimalValue.optional().describe('Starting mid price in the quote currency (model gbm: required; model tape: not given, the tape opens the drill).'),
  volatility: z.number().min(0).max(10).default(0.55).describe('Annualised volatility (√365, 24/7 markets).'),
  tick_size: NonNegativeDecimal.default('0.01'),
  lot_size: NonNegativeDecimal.default('0.00001'),
  /** Quoted spread around mid on the reference venue, in bps. */
  spread_bps: NonNegativeDecimal.default('2'),
});

export const JumpSpec = z.strictObject({
  instrument: InstrumentSymbol,
  at: TimePoint,
  /** Relative move, e.g. -0.2 for a 20 % drop. */
  size: z.number().gt(-1).lt(10),
});

export const TapeSpec = z.strictObject({
  file: z.string().min(1),
  format: z.enum(['csv', 'jsonl']).optional(),
  columns: z
    .strictObject({ ts: z.string().default('ts'), instrument: z.string().default('instrument'), mid: z.string().default('mid') })
    .default({ ts: 'ts', instrument: 'instrument', mid: 'mid' }),
});

export const MarketSpec = z.strictObject({
  model: z.enum(['gbm', 'tape']).default('gbm'),
  step: Duration.default('1s').describe('Resolution of the simulated price path.'),
  instruments: z.record(InstrumentSymbol, InstrumentSpec).refine((r) => Object.keys(r).length > 0, { message: 'at least one instrument is required' }),
  jumps: z.array(JumpSpec).default([]),
  tape: TapeSpec.optional(),
  /** Market-convention pairs: `AUDUSD: "0.6550"` means 1 AUD = 0.6550 USD. */
  fx: z.record(z.string().regex(/^[A-Z]{3,5}[A-Z]{3,5}$/), DecimalValue).default({}),
  fx_source: z.string().default('scenario input (fixed for the drill)'),
});

// ---------------------------------------------------------------------------------------------
// Workload

export const SizeDistribution = z.strictObject({
  distribution: z.enum(['lognormal', 'fixed', 'uniform']).default('lognormal'),
  median: DecimalValue,
  sigma: z.number().min(0).max(5).default(0.8),
  min: NonNegativeDecimal.optional(),
  max: NonNegativeDecimal.optional(),
});

export const IntradayProfile = z.union([
  z.enum(['flat', 'sydney-open', 'business-hours']),
  z.array(z.strictObject({ from: TimePoint, multiplier: z.number().min(0) })).min(1),
]);

export const TradeWorkload = z.strictObject({
  rate_per_minute: z.number().positive().max(100_000),
  profile: IntradayProfile.default('flat'),
  size: SizeDistribution,
  /** Instrument weights; defaults to equal weights over the market's instruments. */
  instruments: z.record(InstrumentSymbol, z.number().positive()).optional(),
  buy_ratio: Ratio.default(0.5).describe('Share of client orders that are buys.'),
  clients: z
    .strictObject({
      count: z.number().int().positive().default(200),
      tiers: z.record(z.string(), z.number().positive()).default({ retail: 0.85, vip: 0.15 }),
    })
    .default({ count: 200, tiers: { retail: 0.85, vip: 0.15 } }),
});

export const PaymentWorkload = z.strictObject({
  rate_per_minute: z.number().positive().max(100_000),
  profile: IntradayProfile.default('flat'),
  amount: SizeDistribution,
  currency: Currency.default('AUD'),
  international_ratio: Ratio.default(0.1),
  customers: z.number().int().positive().default(1000),
});

/** Column names of a replay file; each defaults to its own name (`origin_country` reads the column `origin_country`). */
export const REPLAY_COLUMN_DEFAULTS = {
  ts: 'ts', kind: 'kind', instrument: 'instrument', side: 'side', qty: 'qty', amount: 'amount', currency: 'currency',
  client: 'client', tier: 'tier', customer: 'customer', origin_country: 'origin_country', destination_country: 'destination_country',
} as const;

export const ReplaySpec = z.strictObject({
  file: z.string().min(1).describe('Recorded trades and payments (CSV or JSONL), relative to the scenario file. Each row plays at its recorded timestamp, which must fall inside the drill.'),
  format: z.enum(['csv', 'jsonl']).optional().describe('Defaults from the file extension.'),
  columns: z
    .strictObject({
      ts: z.string().default('ts').describe('When the item happened: ISO-8601 instant with a zone, or epoch ms.'),
      kind: z.string().default('kind').describe('trade or payment.'),
      instrument: z.string().default('instrument').describe('Trades: the market instrument (BTC-AUD).'),
      side: z.string().default('side').describe("Trades: the client's side, buy or sell."),
      qty: z.string().default('qty').describe('Trades: base-currency quantity.'),
      amount: z.string().default('amount').describe('Payments: the amount, at most the currency\'s minor units.'),
      currency: z.string().default('currency').describe('Payments: the currency.'),
      client: z.string().default('client').describe('Trades: the client id (default "unknown"); payments without a customer column read it too.'),
      tier: z.string().default('tier').describe('Trades: the client tier (default "replayed").'),
      customer: z.string().default('customer').describe('Payments: the customer id (default the client column, then "unknown").'),
      origin_country: z.string().default('origin_country').describe("Payments: where the funds come from, ISO 3166-1 alpha-2 (default the firm's country)."),
      destination_country: z.string().default('destination_country').describe("Payments: where the funds go, ISO 3166-1 alpha-2 (default the firm's country)."),
    })
    .default(REPLAY_COLUMN_DEFAULTS),
});

/**
 * Keys that earlier versions of the format accepted and that were removed because they could not
 * be made to mean what they said, by path (`[]` for any list index): validate names them with why.
 */
export const REMOVED_KEYS: Readonly<Record<string, string>> = {
  'workload.replay.time_compression':
    'removed: replayed items play at their recorded timestamps, inside the drill, so a replay and a tape recorded together stay together (docs/scenarios.md, "How a replay is placed in time"); to replay another day, move `start`',
};

export const WorkloadSpec = z
  .strictObject({
    trades: TradeWorkload.optional(),
    payments: PaymentWorkload.optional(),
    replay: ReplaySpec.optional(),
  })
  .refine((w) => w.trades !== undefined || w.payments !== undefined || w.replay !== undefined, {
    message: 'the workload needs trades, payments or a replay file',
  });

// ---------------------------------------------------------------------------------------------
// Faults

const FaultCommon = {
  id: Identifier.optional().describe('Defaults to "<kind>-<target>-<n>".'),
  target: Identifier.describe('Provider key this fault hits.'),
  at: TimePoint,
  for: Duration,
  probability: Ratio.default(1).describe('Chance that each request in the window is affected.'),
  via: z.enum(['msw', 'toxiproxy']).default('msw'),
  expect_hits: z.number().int().min(0).optional().describe('Set to 0 when the fault is expected to touch nothing.'),
  note: z.string().optional(),
};

export const OutageFault = z.strictObject({ ...FaultCommon, kind: z.literal('outage') });
export const LatencyFault = z.strictObject({
  ...FaultCommon,
  kind: z.literal('latency'),
  latency: Duration,
  jitter: Duration.default('0ms'),
});
export const StaleFault = z.strictObject({
  ...FaultCommon,
  kind: z.literal('stale'),
  /** Values freeze at the fault start and keep their old timestamps. */
  timestamps: z.enum(['frozen', 'current']).default('frozen'),
});
export const CorruptFault = z.strictObject({
  ...FaultCommon,
  kind: z.literal('corrupt'),
  mode: z.enum(['decimal_shift', 'truncated', 'wrong_currency', 'garbage', 'empty']),
  /** Decimal places to shift (decimal_shift): 1 = ×10, -2 = ÷100. */
  shift: z.number().int().min(-8).max(8).default(1),
});
export const ErrorFault = z.strictObject({
  ...FaultCommon,
  kind: z.literal('error'),
  status: z.number().int().min(400).max(599),
  retry_after: Duration.optional(),
  /** Fail only the first N requests of the window, then succeed (fail-N-then-succeed). */
  fail_first: z.number().int().positive().optional(),
});
export const PartialFault = z.strictObject({
  ...FaultCommon,
  kind: z.literal('partial'),
  /** How the lost response looks to the client. */
  lost_as: z.enum(['timeout', 'reset', '502', '504']).default('timeout'),
});
export const SchemaDriftFault = z.strictObject({
  ...FaultCommon,
  kind: z.literal('schema-drift'),
  mode: z.enum(['rename_fields', 'removed_endpoint']).default('rename_fields'),
  api_version: z.string().default('v3'),
});

export const FaultSpec = z.discriminatedUnion('kind', [OutageFault, LatencyFault, StaleFault, CorruptFault, ErrorFault, PartialFault, SchemaDriftFault]);
export type FaultSpec = z.infer<typeof FaultSpec>;
export type FaultKind = FaultSpec['kind'];

// ---------------------------------------------------------------------------------------------
// Operations: monitoring, hedging, business assumptions, compliance, reporting, thresholds

export const MonitoringSpec = z.strictObject({
  probe_interval: Duration.default('30s'),
  failures_to_alert: z.number().int().positive().default(3),
  time_to_acknowledge: Duration.default('5m'),
  manual_failover_after: Duration.optional().describe('After acknowledgement, operators fail over by hand (if automatic failover did not).'),
  time_to_resolve: Duration.default('4h').describe('Acknowledgement to incident closed (t_resolve).'),
});

export const HedgingSpec = z.strictObject({
  instrument: InstrumentSymbol,
  threshold: NonNegativeDecimal.describe('Hedge when |net position| exceeds this many base units.'),
  limit: z.string().regex(/^\d+(\.\d+)?[kmb]?\s+[A-Z]{3,5}$/i, { message: 'expected a notional limit like "750000 AUD" or "750k AUD"' }).describe('Net exposure limit in reporting-currency notional.'),
  initial_position: DecimalValue.default('0'),
  check_interval: Duration.default('5s'),
});

export const BusinessSpec = z.strictObject({
  markup_bps: NonNegativeDecimal.default('50').describe('Markup the firm adds to its quote around mid.'),
  client_fee_bps: NonNegativeDecimal.default('60').describe('Fee charged on client trade notional (0.6 % = 60 bps).'),
  recapture_rate: Ratio.default(0.35).describe('Share of rejected client orders assumed to come back later (labelled assumption).'),
  payment_take_rate_bps: NonNegativeDecimal.default('250').describe('Revenue the firm earns per successful payment, bps of amount.'),
  payment_retry_success_rate: Ratio.default(0.5),
  ops_cost_per_duplicate: NonNegativeDecimal.default('15.00').describe('Handling cost per duplicate payment (reporting currency).'),
  support_contact_rate: Ratio.default(0.2).describe('Share of affected customers who contact support.'),
  p_informed: Ratio.default(0.2).describe('Share of flow trading on stale quotes assumed informed (pick-off cost estimate, §2.2).'),
});

export const ComplianceSpec = z.strictObject({
  regimes: z
    .strictObject({
      austrac: z.boolean().optional().describe('AUSTRAC (AML/CTF Act). Default: on for an AU firm.'),
      asic: z.boolean().optional().describe('ASIC (reportable situations, IDR). Default: on for an AU firm.'),
      apra_cps230: z.boolean().optional().describe('APRA CPS 230 (operational risk). Default: off (APRA-regulated entities only).'),
      apra_cps234: z.boolean().optional().describe('APRA CPS 234 (information security). Default: off (APRA-regulated entities only).'),
      oaic: z.boolean().optional().describe('OAIC notifiable data breaches. Default: on for an AU firm.'),
      pci: z.boolean().optional().describe('PCI DSS / card schemes. Default: on.'),
      nz_aml: z.boolean().optional().describe('NZ AML/CFT Act (FIU: SAR, PTR). Default: on for an NZ firm.'),
      nz_fma: z.boolean().optional().describe('FMA licensed-entity incident notification. Default: on for an NZ firm.'),
      nz_rbnz: z.boolean().optional().describe('RBNZ cyber incident reporting. Default: off (RBNZ-regulated entities only).'),
      nz_opc: z.boolean().optional().describe('NZ Privacy Commissioner notifiable breaches. Default: on for an NZ firm.'),
      uk_opres: z.boolean().optional().describe('UK PRA SS1/21 and FCA SYSC 15A: remain within the impact tolerance of each important business service (operations:). Default: off.'),
      mas_trm: z.boolean().optional().describe('MAS Notices on Technology Risk Management: 1-hour notification, 14-day root-cause report, 4-hour RTO and 4 hours of unscheduled downtime per 12 months per critical system. Default: off.'),
      eu_dora: z.boolean().optional().describe('EU DORA: major-incident classification (Delegated Regulation (EU) 2024/1772) and the initial, intermediate and final report clocks (Delegated Regulation (EU) 2025/301). Needs resilience.dora. Default: off.'),
      us_banking: z.boolean().optional().describe('US interagency computer-security incident notification rule: notify the primary federal regulator within 36 hours of determining a notification incident. Default: off.'),
    })
    .default({})
    .describe('Switch regimes on or off; a regime not listed follows the firm\'s country (firm.country): AU austrac, asic, oaic, pci; NZ nz_aml, nz_fma, nz_opc, pci (docs/compliance.md).'),
  rules: z.record(z.string(), z.boolean()).default({}).describe('Switch individual rules on or off by id.'),
  materiality_assessment_delay: Duration.default('30m'),
  outage_tolerance: Duration.default('30m').describe('Shorthand when the scenario has no `operations:` section: the maximum disruption of one derived critical operation covering every workload flow and provider. Replaced by operations.<id>.tolerances.max_disruption; giving both is an error.'),
});

/** A playbook deadline: a duration after detection ("5m", "1h") or a day count on the calendar. */
export const PlaybookDeadline = z
  .union([
    Duration,
    z.strictObject({ business_days: z.number().int().positive() }),
    z.strictObject({ working_days: z.number().int().positive() }),
    z.strictObject({ calendar_days: z.number().int().positive() }),
  ])
  .describe('Deadline after detection: a duration ("5m", "1h") or { business_days | working_days | calendar_days: N } on the playbook calendar.');

const PlaybookDoneAfter = z
  .union([Duration, z.null()])
  .describe('Drill assumption: the step is done this long after detection; null = not done in the drill.');

export const PlaybookStepSpec = z.strictObject({
  id: Identifier,
  title: z.string().min(1),
  deadline: PlaybookDeadline,
  done_after: PlaybookDoneAfter,
  enabled: z.boolean().default(true),
});

export const PlaybookSpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Evaluate the playbook at every detected incident.'),
    calendar: z.string().optional().describe('Holiday calendar for day-based steps; default the reporting calendar.'),
    steps: z.array(PlaybookStepSpec).min(1).optional().describe('Replace the default steps (notify engineering, legal, compliance, status page, top-client outreach, post-incident report).'),
    overrides: z
      .record(
        Identifier,
        z.strictObject({ title: z.string().min(1).optional(), deadline: PlaybookDeadline.optional(), done_after: PlaybookDoneAfter.optional(), enabled: z.boolean().optional() }),
      )
      .default({})
      .describe('Adjust individual steps (default or given) by id.'),
  })
  .describe("The firm's crisis-communication playbook, evaluated like a regulatory clock from detection (compliance.csv, kind playbook).");

export const ReportingSpec = z.strictObject({
  currency: Currency.default('AUD'),
  calendar: z.string().default('AU-NSW').describe('Holiday calendar for business-day clocks, e.g. AU-NSW, AU-QLD, NZ.'),
  timezone: z.string().default('Australia/Sydney').describe('Local time shown as an extra column.'),
  cost_method: z.enum(['fifo', 'average']).default('fifo'),
});

/** Licences a firm can hold that decide which transaction-reporting obligations bind it (docs/compliance.md §Cross-border). */
export const FirmLicence = z.enum(['remitter', 'card_acquirer', 'merchant', 'exchange']);
export type FirmLicence = z.infer<typeof FirmLicence>;

/** The firm's own jurisdiction and licences: whether a cross-border payment creates an IFTI (AU) or a PTR-IFT (NZ) depends on them. */
export const FirmSpec = z
  .strictObject({
    country: z.enum(['AU', 'NZ']).optional().describe('Where the firm is a reporting entity (AU: AUSTRAC; NZ: the AML/CFT Act). Defaults to the country of reporting.calendar.'),
    licences: z
      .array(FirmLicence)
      .default([])
      .refine((l) => new Set(l).size === l.length, { message: 'each licence is listed once' })
      .describe('Licences the firm holds: remitter (money/value transfer service), card_acquirer, merchant, exchange (digital currency exchange / virtual asset service provider). Only remitter carries IFTI / PTR-IFT reporting for the drill\'s payments; see docs/compliance.md.'),
  })
  .describe("The firm's own jurisdiction and licences.");

/**
 * `metric op value [unit]`, e.g. `pnl.total >= -50000 AUD`, `incident.ttd <= 5m`,
 * `operation.card-payments.disruption <= tolerance` (the operation's own tolerance).
 */
export const THRESHOLD_PATTERN = /^\s*([a-z_]+(\.[a-z0-9_-]+)+)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(\.\d+)?[kmb]?|tolerance)\s*([A-Za-z%]+)?\s*$/;
export const ThresholdSpec = z.union([
  z.string().regex(THRESHOLD_PATTERN, { message: 'expected "<metric> <op> <value> [unit]", e.g. "pnl.total >= -50000 AUD"' }),
  z.strictObject({
    metric: z.string(),
    op: z.enum(['<=', '>=', '==', '!=', '<', '>']),
    value: z.union([z.string(), z.number()]),
    name: z.string().optional(),
    abort_on_fail: z.boolean().default(false),
  }),
]);

// ---------------------------------------------------------------------------------------------
// Operational resilience: critical operations with tolerances, regime inputs, lessons and actions

/** A workload flow an operation is made of: client trades, customer payments, the firm's hedges. */
export const ServiceFlowName = z.enum(['trades', 'payments', 'hedges']);

/** A money amount in a named currency: "250000 AUD", "250k AUD". */
export const MoneyWithCurrency = z
  .string()
  .regex(/^\d+(\.\d+)?[kmb]?\s+[A-Z]{3,5}$/i, { message: 'expected an amount with its currency like "250000 AUD" or "250k AUD"' });

/** A local civil date, `2025-06-30`. */
export const CivilDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date like "2025-06-30"' });

export const OperationServiceSpec = z
  .strictObject({
    within: Duration.default('30s').describe('A transaction counts as served when it got its correct answer within this time of arriving.'),
    window: Duration.default('1m').describe('The service level is measured per window of this length, from the drill start.'),
    disrupted_below_pct: z.number().gt(0).max(100).default(99).describe('A window is disrupted when fewer than this % of the transactions arriving in it were served.'),
  })
  .describe('How the drill decides, from ground truth, that the operation was disrupted.');

export const OperationTolerancesSpec = z
  .strictObject({
    max_disruption: Duration.optional().describe('Maximum tolerable period of disruption (CPS 230 para 38(a); the UK impact tolerance as a time).'),
    max_data_loss: z.number().int().min(0).optional().describe('Maximum records whose outcome is unknown or lost (CPS 230 para 38(b)).'),
    min_service_level: z
      .strictObject({
        served_pct: z.number().min(0).max(100).describe('Minimum % of the transactions arriving in each window that are served.'),
        within: Duration.optional().describe('Served within this time (default: service.within).'),
      })
      .optional()
      .describe('Minimum service level maintained during a disruption (CPS 230 para 38(c)).'),
    max_customers_affected: z.number().int().min(0).optional().describe('Maximum distinct clients or customers not served.'),
    max_value_affected: MoneyWithCurrency.optional().describe('Maximum value of the transactions not served, in the reporting currency.'),
  })
  .refine((t) => Object.values(t).some((v) => v !== undefined), { message: 'give at least one tolerance (max_disruption, max_data_loss, min_service_level, max_customers_affected or max_value_affected)' });

export const OperationSpec = z.strictObject({
  title: z.string().min(1).describe('The operation as the business names it, e.g. "Card payments".'),
  description: z.string().optional(),
  providers: z.array(Identifier).min(1).describe('Providers the operation depends on (its monitor view: alerts on them).'),
  flows: z.array(ServiceFlowName).min(1).optional().describe('Workload flows that make up the operation: trades, payments, hedges. Default: the flows of its providers\' roles.'),
  service: OperationServiceSpec.default({ within: '30s', window: '1m', disrupted_below_pct: 99 }),
  tolerances: OperationTolerancesSpec,
});

export const ActionSpec = z.strictObject({
  id: Identifier,
  title: z.string().min(1).describe('The lesson turned into an action.'),
  owner: z.string().min(1).describe('Who is accountable (a role or a name).'),
  due: CivilDateText.describe('Due date (local civil date).'),
  operations: z.array(Identifier).default([]).describe('The critical operations it strengthens.'),
  status: z.enum(['open', 'done']).default('open'),
});

export const DoraInputsSpec = z
  .strictObject({
    member_state: z.string().regex(/^[A-Z]{2}$/, { message: 'expected an EU member state code like "IE" or "DE"' }).describe("The reporting entity's member state: its time zone and working days set the report deadlines."),
    entity_type: z
      .enum(['other', 'credit_institution', 'central_counterparty', 'trading_venue', 'nis2_essential_or_important'])
      .default('other')
      .describe('2025/301 Art. 5(5): the listed types get no weekend/holiday relief for the initial notification and intermediate report.'),
    bank_holidays: z.array(CivilDateText).default([]).describe("The member state's bank holidays that may fall on a deadline (weekends are always non-working)."),
    clients_total: z.number().int().positive().optional().describe('Clients using the affected services (for the 10 % limb).'),
    daily_transactions: z.number().int().positive().optional().describe('Daily average number of transactions of the affected services.'),
    daily_value: MoneyWithCurrency.optional().describe('Daily average value of those transactions, reporting currency.'),
    counterparts_affected_pct: z.number().min(0).max(100).optional().describe('Financial counterparts affected, % (the drill cannot see them).'),
    relevant_clients_affected: z.boolean().default(false).describe('Clients or counterparts identified as relevant (Art. 1(3)) were affected.'),
    member_states_affected: z.number().int().min(1).default(1).describe('Member states where the incident has an impact.'),
    reputational_impact: z.boolean().default(false).describe('Art. 9(2): media attention, repeated complaints, regulatory breach or likely client loss.'),
    malicious_access: z.boolean().default(false).describe('Art. 9(5)(b): successful, malicious, unauthorised access to network and information systems.'),
    data_loss_adverse_impact: z.boolean().optional().describe('Art. 9(5)(a); default: measured (records whose outcome is unknown or lost).'),
    economic_impact: MoneyWithCurrency.optional().describe('Gross costs and losses; default: measured from the incident P&L (before SLA credit recoveries), translated to EUR.'),
  })
  .describe('DORA inputs the drill cannot measure.');

export const ResilienceSpec = z
  .strictObject({
    notifications: z
      .record(z.string(), Duration)
      .default({})
      .describe('Drill assumption: each regulatory notification is submitted this long after its clock starts, by obligation id (e.g. AU-APRA-CPS230-TOL: 6h). Unlisted ones count as not submitted in the drill.'),
    dora: DoraInputsSpec.optional(),
    mas: z
      .strictObject({ downtime_used: Duration.default('0m').describe('Unscheduled downtime of the critical systems already used in the past 12 months.') })
      .optional(),
  })
  .describe('Inputs for the operational-resilience regimes that the drill cannot measure.');

// ---------------------------------------------------------------------------------------------
// The scenario file

export const ScenarioFile = z.strictObject({
  $schema: z.string().optional(),
  faultline: z.literal(1).describe('Scenario format version.'),
  id: Identifier,
  title: z.string().min(1),
  description: z.string().optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  start: Instant,
  duration: Duration,
  reporting: ReportingSpec.default({ currency: 'AUD', calendar: 'AU-NSW', timezone: 'Australia/Sydney', cost_method: 'fifo' }),
  firm: FirmSpec.optional(),
  market: MarketSpec,
  providers: z.record(Identifier, ProviderSpec).refine((r) => Object.keys(r).length > 0, { message: 'at least one provider is required' }),
  integration: Integration.default({
    type: 'reference',
    timeout: '2s',
    retries: { max: 2, backoff: 'exponential', base_delay: '250ms', max_delay: '5s', jitter: 'full', respect_retry_after: true },
    idempotency: true,
    failover: {},
    validation: { currency_check: true },
    dead_letter: true,
    price_poll_interval: '5s',
  }),
  business: BusinessSpec.default({
    markup_bps: '50',
    client_fee_bps: '60',
    recapture_rate: 0.35,
    payment_take_rate_bps: '250',
    payment_retry_success_rate: 0.5,
    ops_cost_per_duplicate: '15.00',
    support_contact_rate: 0.2,
    p_informed: 0.2,
  }),
  workload: WorkloadSpec,
  faults: z.array(FaultSpec).default([]),
  monitoring: MonitoringSpec.default({ probe_interval: '30s', failures_to_alert: 3, time_to_acknowledge: '5m', time_to_resolve: '4h' }),
  hedging: HedgingSpec.optional(),
  compliance: ComplianceSpec.optional(),
  playbook: PlaybookSpec.optional(),
  rationale: z.string().min(1).optional().describe('Why this scenario is severe but plausible: the narrative for the evidence pack (resilience.md).'),
  operations: z.record(Identifier, OperationSpec).optional().describe("The firm's critical operations / important business services, with their tolerances."),
  resilience: ResilienceSpec.optional(),
  actions: z.array(ActionSpec).default([]).describe('Lessons and actions the drill team records, with owner and due date (resilience.md).'),
  thresholds: z.array(ThresholdSpec).default([]),
});

/** What a scenario file contains after defaults are applied. */
export type ScenarioFile = z.infer<typeof ScenarioFile>;
/** What a user may write (before defaults). */
export type ScenarioFileInput = z.input<typeof ScenarioFile>;
