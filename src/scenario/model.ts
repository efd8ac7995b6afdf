/**
 * The normalised scenario the planner consumes: durations in ms, instants in epoch ms (UTC),
 * every money or quantity value as a decimal string, every default filled in, every fault with
 * an id and an absolute window. Produced by `compileScenario` from a validated `ScenarioFile`.
 */
import type { Archetype, FaultKind, FirmLicence, ProviderRole } from './schema.js';

export type { Archetype, FaultKind, FirmLicence, ProviderRole };

/** A decimal number as a string (money, quantities, prices). Never a JS number. */
export type DecimalString = string;

export interface LatencyModel {
  distribution: 'lognormal' | 'fixed' | 'uniform';
  medianMs: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
}

export interface FeeModel {
  percent: DecimalString;
  fixed: DecimalString;
  makerBps: DecimalString;
  takerBps: DecimalString;
  currency: string;
  disputeFee: DecimalString;
  refundable: boolean;
  rounding: 'half_up' | 'half_even' | 'down' | 'up';
}

export interface SlaModel {
  uptimeTarget: number;
  monthlyFee: DecimalString;
  currency: string;
  direction: 'receivable' | 'payable';
  tiers: { below: number; creditPct: number }[];
  windowMs: number;
  errorThresholdPct: number;
  capPct: number;
  claimWindowDays: number;
  /** IANA zone of the contract's calendar months (service-credit periods) and claim deadline. */
  timeZone: string;
}

export interface Provider {
  id: string;
  name: string;
  role: ProviderRole;
  archetype: Archetype;
  latency: LatencyModel;
  errorRate: number;
  rateLimit?: { requests: number; perMs: number; retryAfterMs: number };
  fees: FeeModel;
  sla?: SlaModel;
  spreadBps: DecimalString;
}

export interface RetryModel {
  max: number;
  backoff: 'fixed' | 'exponential';
  baseDelayMs: number;
  maxDelayMs: number;
  jitter: 'none' | 'full' | 'equal';
  respectRetryAfter: boolean;
}

export interface ReferenceIntegrationModel {
  type: 'reference';
  timeoutMs: number;
  retries: RetryModel;
  idempotency: boolean;
  circuitBreaker?: { failureThreshold: number; cooldownMs: number };
  /** Ordered provider ids per role (primary first). Every provider of the role appears. */
  failover: Record<ProviderRole, string[]>;
  validation: { maxPriceAgeMs?: number; priceBandPct?: number; currencyCheck: boolean };
  deadLetter: boolean;
  pricePollIntervalMs: number;
}

/**
 * The firm's own client behind the adapter interface. It carries the reference fields with inert
 * values (no retries, breakers or failover of faultline's: the adapter does its own) so code that
 * reads the shared fields (validation limits, poll interval, timeout) works unchanged.
 */
export interface ModuleIntegrationModel extends Omit<ReferenceIntegrationModel, 'type'> {
  type: 'module';
  /** The adapter module's path as written in the scenario (relative to the scenario file). */
  module: string;
  /** How long one adapter call may take, scenario time, before the adapter counts as hung. */
  callTimeoutMs: number;
}

/**
 * The firm's own service (a separate process speaking the HTTP request contract; proxy mode only).
 * Like the module integration it carries the reference fields with inert values.
 */
export interface HttpIntegrationModel extends Omit<ReferenceIntegrationModel, 'type'> {
  type: 'http';
  /** Shell command line or argv; undefined = a service already running at `url`. */
  command?: string | string[];
  /** As written (relative to the scenario file); undefined = the scenario file's folder. */
  cwd?: string;
  env: Record<string, string>;
  /** Loopback base URL; port 0 = faultline picks a free one (with a command). */
  url: string;
  ready: { path: string; timeoutMs: number };
  /** Fixed proxy listen addresses per provider id (`127.0.0.1:21001`). */
  proxies?: Record<string, string>;
  /** How long one request to the service may take, scenario time, before the service counts as hung. */
  callTimeoutMs: number;
}

export type IntegrationModel = ReferenceIntegrationModel | ModuleIntegrationModel | HttpIntegrationModel;

export interface Instrument {
  symbol: string;
  base: string;
  quote: string;
  /** The opening mid: the file's `mid` (gbm), or the tape's last price at or before the start (tape; '' until the tape is read). */
  mid: DecimalString;
  volatility: number;
  tickSize: DecimalString;
  lotSize: DecimalString;
  spreadBps: DecimalString;
}

export interface MarketModel {
  model: 'gbm' | 'tape';
  stepMs: number;
  instruments: Instrument[];
  jumps: { instrument: string; atMs: number; size: number }[];
  tape?: { file: string; format: 'csv' | 'jsonl'; columns: { ts: string; instrument: string; mid: string } };
  /** Market-convention pairs, e.g. { AUDUSD: "0.6550" }. */
  fx: Record<string, DecimalString>;
  fxSource: string;
}

export interface SizeModel {
  distribution: 'lognormal' | 'fixed' | 'uniform';
  median: DecimalString;
  sigma: number;
  min?: DecimalString;
  max?: DecimalString;
}

/** Piecewise-constant rate multiplier: from `fromMs` (offset from start) on, multiply the base rate. */
export type ProfileModel = { fromMs: number; multiplier: number }[];

export interface TradeWorkloadModel {
  ratePerMinute: number;
  profile: ProfileModel;
  size: SizeModel;
  instruments: { symbol: string; weight: number }[];
  buyRatio: number;
  clients: { count: number; tiers: { name: string; weight: number }[] };
}

export interface PaymentWorkloadModel {
  ratePerMinute: number;
  profile: ProfileModel;
  amount: SizeModel;
  currency: string;
  internationalRatio: number;
  customers: number;
}

/** Column names in a replay file, by the field they fill (docs/scenarios.md, "replay"). */
export interface ReplayColumns {
  ts: string;
  kind: string;
  instrument: string;
  side: string;
  qty: string;
  amount: string;
  currency: string;
  client: string;
  tier: string;
  customer: string;
  originCountry: string;
  destinationCountry: string;
}

/** A recorded workload, replayed at its recorded timestamps (every row inside the drill). */
export interface ReplayModel {
  file: string;
  format: 'csv' | 'jsonl';
  columns: ReplayColumns;
}

export interface WorkloadModel {
  trades?: TradeWorkloadModel;
  payments?: PaymentWorkloadModel;
  replay?: ReplayModel;
}

interface FaultBase {
  id: string;
  kind: FaultKind;
  target: string;
  /** Absolute window [startMs, endMs) in epoch ms. */
  startMs: number;
  endMs: number;
  probability: number;
  via: 'msw' | 'toxiproxy';
  expectHits?: number;
  note?: string;
}

export type Fault =
  | (FaultBase & { kind: 'outage' })
  | (FaultBase & { kind: 'latency'; latencyMs: number; jitterMs: number })
  | (FaultBase & { kind: 'stale'; timestamps: 'frozen' | 'current' })
  | (FaultBase & { kind: 'corrupt'; mode: 'decimal_shift' | 'truncated' | 'wrong_currency' | 'garbage' | 'empty'; shift: number })
  | (FaultBase & { kind: 'error'; status: number; retryAfterMs?: number; failFirst?: number })
  | (FaultBase & { kind: 'partial'; lostAs: 'timeout' | 'reset' | '502' | '504' })
  | (FaultBase & { kind: 'schema-drift'; mode: 'rename_fields' | 'removed_endpoint'; apiVersion: string });

export interface MonitoringModel {
  probeIntervalMs: number;
  failuresToAlert: number;
  timeToAcknowledgeMs: number;
  manualFailoverAfterMs?: number;
  timeToResolveMs: number;
}

export interface HedgingModel {
  instrument: string;
  threshold: DecimalString;
  limit: DecimalString;
  limitCurrency: string;
  initialPosition: DecimalString;
  checkIntervalMs: number;
}

export interface BusinessModel {
  markupBps: DecimalString;
  clientFeeBps: DecimalString;
  recaptureRate: number;
  paymentTakeRateBps: DecimalString;
  paymentRetrySuccessRate: number;
  opsCostPerDuplicate: DecimalString;
  supportContactRate: number;
  /** Share of stale-quote flow assumed informed (pick-off estimate). */
  pInformed: number;
}

export interface ComplianceModel {
  regimes: Record<string, boolean>;
  rules: Record<string, boolean>;
  materialityAssessmentDelayMs: number;
  /**
   * `compliance.outage_tolerance`: without an `operations:` section, the maximum disruption of the
   * derived operation (`operations` then holds it with `derived: true`). Kept for the header.
   */
  outageToleranceMs: number;
}

/** A workload flow an operation is made of. */
export type ServiceFlowName = 'trades' | 'payments' | 'hedges';

/** An operation's tolerances; absent = not set. */
export interface OperationTolerancesModel {
  maxDisruptionMs?: number;
  maxDataLoss?: number;
  minServiceLevel?: { servedPct: number; withinMs: number };
  maxCustomersAffected?: number;
  /** Reporting currency. */
  maxValueAffected?: DecimalString;
}

/** A critical operation / important business service (docs/resilience.md). */
export interface OperationModel {
  id: string;
  title: string;
  description?: string;
  /** Providers it depends on. */
  providers: string[];
  /** Its transactions: every item of these flows. */
  flows: ServiceFlowName[];
  service: { withinMs: number; windowMs: number; disruptedBelowPct: number };
  tolerances: OperationTolerancesModel;
  /** True for the operation derived from `compliance.outage_tolerance` when the scenario declares none. */
  derived: boolean;
}

/** A lesson turned into an action (resilience.md). */
export interface ActionModel {
  id: string;
  title: string;
  owner: string;
  /** Local civil date, YYYY-MM-DD. */
  due: string;
  operations: string[];
  status: 'open' | 'done';
}

export type DoraEntityType = 'other' | 'credit_institution' | 'central_counterparty' | 'trading_venue' | 'nis2_essential_or_important';

/** DORA inputs the drill cannot measure (`resilience.dora`). */
export interface DoraInputsModel {
  memberState: string;
  entityType: DoraEntityType;
  bankHolidays: string[];
  clientsTotal?: number;
  dailyTransactions?: number;
  /** Reporting currency. */
  dailyValue?: DecimalString;
  counterpartsAffectedPct?: number;
  relevantClientsAffected: boolean;
  memberStatesAffected: number;
  reputationalImpact: boolean;
  maliciousAccess: boolean;
  dataLossAdverseImpact?: boolean;
  economicImpact?: { amount: DecimalString; currency: string };
}

export interface ResilienceModel {
  /** Assumed submission delay after the clock start, by obligation id. */
  notificationDelaysMs: Record<string, number>;
  dora?: DoraInputsModel;
  mas?: { downtimeUsedMs: number };
}

/** A playbook step's deadline relative to detection (structurally a compliance `ClockSpec`). */
export type PlaybookClockModel =
  | { basis: 'minutes'; minutes: number }
  | { basis: 'business_days'; days: number }
  | { basis: 'working_days'; days: number }
  | { basis: 'calendar_days'; days: number; roll: 'none' };

export interface PlaybookStepModel {
  id: string;
  title: string;
  clock: PlaybookClockModel;
  /** Drill assumption: done this long after detection; null = not done in the drill. */
  responseDelayMs: number | null;
  enabled?: boolean;
}

/** The firm's crisis-communication playbook (absent = the compliance module's default steps). */
export interface PlaybookModel {
  enabled: boolean;
  calendar?: string;
  /** Replaces the default steps when present. */
  steps?: PlaybookStepModel[];
  overrides: Record<string, Partial<Omit<PlaybookStepModel, 'id'>>>;
}

export interface ReportingModel {
  currency: string;
  calendar: string;
  timezone: string;
  costMethod: 'fifo' | 'average';
}

/** The firm's jurisdiction and licences (the `firm:` section; defaults filled in). */
export interface FirmModel {
  /** Where the firm is a reporting entity: the home country of its payments. */
  country: 'AU' | 'NZ';
  /** Licences held, in the order written; empty when none is stated. */
  licences: FirmLicence[];
}

export type ThresholdOp = '<=' | '>=' | '==' | '!=' | '<' | '>';

export interface ThresholdModel {
  name: string;
  metric: string;
  op: ThresholdOp;
  /** Value in the metric's canonical unit: decimal string for money, ms for durations, plain number otherwise. */
  value: DecimalString;
  unit?: string;
  abortOnFail: boolean;
  /** Where it came from, for error messages (index in `thresholds`). */
  index: number;
  /** Line of the threshold in the scenario file (1-based), when parsed from text: JUnit `line` and CI annotations point here. */
  line?: number;
}

export interface Scenario {
  formatVersion: 1;
  id: string;
  title: string;
  description?: string;
  seed: number;
  startMs: number;
  durationMs: number;
  endMs: number;
  reporting: ReportingModel;
  firm: FirmModel;
  market: MarketModel;
  providers: Provider[];
  integration: IntegrationModel;
  business: BusinessModel;
  workload: WorkloadModel;
  faults: Fault[];
  monitoring: MonitoringModel;
  hedging?: HedgingModel;
  compliance: ComplianceModel;
  /** The firm's playbook; absent when the scenario has no `playbook:` section (defaults apply). */
  playbook?: PlaybookModel;
  /** Why the scenario is severe but plausible (resilience.md). */
  rationale?: string;
  /** Critical operations; one derived operation when the file declares none (docs/resilience.md). */
  operations: OperationModel[];
  resilience: ResilienceModel;
  actions: ActionModel[];
  thresholds: ThresholdModel[];
  /** Absolute path of the scenario file (for resolving relative file references), when loaded from disk. */
  sourcePath?: string;
}
