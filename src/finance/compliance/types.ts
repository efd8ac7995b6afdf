/**
 * Compliance clock types: triggers the engine emits, rules as data, configuration,
 * assumptions, and the `compliance.csv` row (finance-reference.md §5, §10.3 item 7).
 * Everything here is plain JSON-serialisable data; instants are epoch milliseconds (UTC) on
 * the way in and ISO-8601 UTC strings in rows; money is a decimal string.
 */
import type { HolidayCalendar, NzWorkingDayRule } from '../calendars/index.js';

/** A decimal amount as a string (never a JS number for money). */
export type DecimalString = string;

/**
 * What happened, as the engine reports it. Each kind can create obligations under several rules.
 * - `cash_txn`: physical currency received/paid (AU TTR ≥ AUD 10,000; NZ PTR-LCT ≥ NZD 10,000).
 * - `international_transfer`: funds/value transfer instruction sent or received across the border (AU IFTI; NZ PTR-IFT ≥ NZD 1,000).
 * - `suspicion_formed`: the compliance decision that a matter is suspicious (AU SMR / SMR-TF; NZ SAR).
 * - `incident_detected`: first alert on an incident; `categories` say which regimes it engages.
 * - `outage_outside_tolerance`: a critical operation disrupted beyond its tolerance (APRA CPS 230).
 * - `control_weakness`: a material information-security control weakness found (APRA CPS 234).
 * - `customer_complaint`: a retail complaint received (ASIC RG 271 IDR).
 * - `fill_on_stale_price`: a client fill executed on a stale price (ASIC best execution).
 * - `order_outside_band`: an order outside the price/size band reached the pre-trade filter (ASIC MIR Part 5.6).
 * - `log_gap`: events without an audit-log record (AUSTRAC/NZ record keeping, PCI DSS 10.5.1).
 * - `va_transfer`: a virtual-asset transfer; `controlTs` = when the travel-rule message was passed.
 * - `va_transfer_without_travel_msg`: as `va_transfer`, the engine already knows no message was passed.
 * - `calendar_year`: a reporting year (AUSTRAC annual compliance report; list only).
 */
export type TriggerKind =
  | 'cash_txn'
  | 'international_transfer'
  | 'suspicion_formed'
  | 'incident_detected'
  | 'outage_outside_tolerance'
  | 'control_weakness'
  | 'customer_complaint'
  | 'fill_on_stale_price'
  | 'order_outside_band'
  | 'log_gap'
  | 'va_transfer'
  | 'va_transfer_without_travel_msg'
  | 'calendar_year';

/** Every trigger kind, for validation and documentation. */
export const TRIGGER_KINDS: readonly TriggerKind[] = [
  'cash_txn', 'international_transfer', 'suspicion_formed', 'incident_detected', 'outage_outside_tolerance', 'control_weakness',
  'customer_complaint', 'fill_on_stale_price', 'order_outside_band', 'log_gap', 'va_transfer', 'va_transfer_without_travel_msg', 'calendar_year',
];

/**
 * What an `incident_detected` engages. Default when absent: `['operational']`.
 * - `operational`: material operational-risk incident (CPS 230 72 h; FMA business-continuity condition).
 * - `information_security`: material information-security / cyber incident (CPS 234; RBNZ cyber).
 * - `reportable_situation`: an ASIC reportable situation (s912DAA).
 * - `data_breach`: suspected eligible data breach / notifiable privacy breach (OAIC NDB; NZ OPC).
 * - `card_data`: suspected account-data compromise (Visa).
 */
export type IncidentCategory = 'operational' | 'information_security' | 'reportable_situation' | 'data_breach' | 'card_data';

/** Jurisdictions a rule or trigger belongs to. PCI/Visa rules are `INTL` and apply to either. */
export type Jurisdiction = 'AU' | 'NZ' | 'INTL';

/**
 * Licences a firm can hold that decide whether a transaction-reporting rule binds it (licences.ts).
 * `exchange`: a digital currency exchange / virtual asset service provider.
 */
export type FirmLicenceId = 'remitter' | 'card_acquirer' | 'merchant' | 'exchange';

/** Every licence id. */
export const FIRM_LICENCES: readonly FirmLicenceId[] = ['remitter', 'card_acquirer', 'merchant', 'exchange'];

/** The firm's own jurisdiction (where it is a reporting entity) and licences. */
export interface FirmProfile {
  readonly country: 'AU' | 'NZ';
  readonly licences: readonly FirmLicenceId[];
}

/** Why an obligation arose: it would have arisen without the fault too (`routine`), or the incident caused it. */
export type ObligationCause = 'routine' | 'incident';

/** A trigger's amount in the reporting currency, with the translation that gave it (§1.3). */
export interface ReportingAmount {
  /** Rounded to the reporting currency's minor unit. */
  readonly amount: DecimalString;
  readonly ccy: string;
  /** Units of the reporting currency per unit of the trigger's currency, ≥ 6 dp. */
  readonly fxRate: DecimalString;
  readonly fxSource: string;
  /** ISO-8601 UTC. */
  readonly fxTs: string;
}

/** A trigger: one event that may create obligations. */
export interface ComplianceTrigger {
  readonly kind: TriggerKind;
  /** Event id in the journal (`events.csv` / incidents); becomes `trigger_event_id`. */
  readonly id: string;
  /** When it happened (for `incident_detected`: the first alert, t_detect), epoch ms UTC. */
  readonly ts: number;
  /** Transaction amount (decimal string) and its currency. */
  readonly amount?: DecimalString;
  readonly ccy?: string;
  /** The amount in other currencies at event time, converted by the caller (e.g. `{ AUD: '15230.00' }`) for threshold tests. */
  readonly amountEquivalents?: Readonly<Record<string, DecimalString>>;
  /** Where the event happened; absent = applies to both AU and NZ rules that are switched on. */
  readonly jurisdiction?: 'AU' | 'NZ';
  /** Calendar id of the place concerned, overriding the configured default for that country. */
  readonly calendar?: string;
  /** For `incident_detected`. */
  readonly categories?: readonly IncidentCategory[];
  /** For `suspicion_formed`: true if the suspicion relates to terrorism financing (24 h clock). */
  readonly terrorismFinancing?: boolean;
  /** For pre-effect rules: when the transfer/order took effect (default `ts`). */
  readonly effectTs?: number;
  /**
   * For pre-effect and immediate rules: when the control acted (travel-rule message passed,
   * order blocked, missing log recovered, acquirer notified). `null` = never.
   */
  readonly controlTs?: number | null;
  /** Observed submission times per obligation id (the engine's simulated reports), epoch ms UTC. */
  readonly submissions?: Readonly<Record<string, number>>;
  /** For `fill_on_stale_price`: how far the fill was from the reference best price, in bps (decimal string). */
  readonly slippageBps?: DecimalString;
  /** Reference to the evidence (journal line, event id); default `event:<id>`. */
  readonly evidenceRef?: string;
  /** Whether the baseline replay (no fault) had the same trigger (`routine`) or not (`incident`). */
  readonly cause?: ObligationCause;
  /** `amount` translated into the reporting currency, for the report (never used for thresholds). */
  readonly reporting?: ReportingAmount;
}

/**
 * Clock basis of a rule.
 * - `hours`/`minutes`: elapsed time added to the UTC instant (DST-proof).
 * - `business_days`: days after the clock-start day that are not weekends or public/bank holidays in the calendar.
 * - `working_days`: NZ working days (see `NzWorkingDayRule`); business days on AU calendars.
 * - `calendar_days`: "within N days after", optionally rolled to the next business day.
 * - `immediate`: due at clock start (+ optional grace).
 * - `before_effect`: due before the transfer/order takes effect (travel rule, pre-trade filters).
 * - `none`: a listed obligation without a drill clock (annual report, tolerance setting).
 * - `months`: calendar months in the place's civil time (the resilience regimes' rows only: DORA's final report).
 */
export type ClockBasis = 'hours' | 'minutes' | 'business_days' | 'working_days' | 'calendar_days' | 'immediate' | 'before_effect' | 'none' | 'months';

/** A rule's clock. */
export type ClockSpec =
  | { readonly basis: 'hours'; readonly hours: number }
  | { readonly basis: 'minutes'; readonly minutes: number }
  | { readonly basis: 'business_days'; readonly days: number }
  | { readonly basis: 'working_days'; readonly days: number }
  | { readonly basis: 'calendar_days'; readonly days: number; readonly roll: 'next_business_day' | 'none' }
  | { readonly basis: 'immediate'; readonly graceMinutes?: number }
  | { readonly basis: 'before_effect' }
  | { readonly basis: 'none' };

/** How the clock start is derived from the trigger. `awareness` adds the materiality-assessment delay. */
export type ClockStartRule = 'trigger' | 'awareness';

/** Regime groups, each switchable as a whole. */
export type RegimeId = 'austrac' | 'asic' | 'apra_cps230' | 'apra_cps234' | 'oaic' | 'pci' | 'nz_aml' | 'nz_fma' | 'nz_rbnz' | 'nz_opc';

/** Every regime id. */
export const REGIME_IDS: readonly RegimeId[] = ['austrac', 'asic', 'apra_cps230', 'apra_cps234', 'oaic', 'pci', 'nz_aml', 'nz_fma', 'nz_rbnz', 'nz_opc'];

/** Verification tag from finance-reference.md: [P] primary, [S] secondary, [V] unverified. */
export type Verification = 'P' | 'S' | 'V' | 'P/S';

/** A threshold an amount must reach for the rule to apply. */
export interface AmountThreshold {
  readonly amount: DecimalString;
  readonly ccy: string;
}

/** One regulatory obligation, as data. */
export interface ComplianceRule {
  /** e.g. `AU-AUSTRAC-TTR`. */
  readonly id: string;
  readonly regime: RegimeId;
  readonly regulator: string;
  readonly jurisdiction: Jurisdiction;
  /** What must be done, for whom. */
  readonly obligation: string;
  /** Trigger kinds that create an instance of this obligation. */
  readonly triggerKinds: readonly TriggerKind[];
  /** For `incident_detected`: the rule applies if the incident has any of these categories. */
  readonly categories?: readonly IncidentCategory[];
  /** For `suspicion_formed`: match only TF (true) or only non-TF (false) suspicions. */
  readonly terrorismFinancing?: boolean;
  /** Amount threshold (≥). */
  readonly threshold?: AmountThreshold;
  /** Best-execution tolerance in bps (fills worse than this are findings). */
  readonly toleranceBps?: DecimalString;
  readonly clock: ClockSpec;
  readonly clockStart: ClockStartRule;
  /** Default assumption text printed in `clock_start_assumption`. */
  readonly clockStartAssumption: string;
  /** Switched on unless configured otherwise (APRA rules are off by default). */
  readonly defaultOn: boolean;
  /** Local civil date from which the rule applies (in the rule's jurisdiction); `null` = always. */
  readonly effectiveFrom: string | null;
  /** Binds only a firm holding one of these licences in the rule's jurisdiction (absent: any firm). */
  readonly licences?: readonly FirmLicenceId[];
  /** Key into the penalty reference table (`penalties.ts`). */
  readonly penalty: PenaltyRefId;
  readonly verification: Verification;
  /** Source URL from the reference's Sources list. */
  readonly sourceUrl: string;
  readonly notes?: string;
}

/** Penalty reference keys. */
export type PenaltyRefId = 'austrac' | 'apra' | 'asic' | 'oaic' | 'pci_visa' | 'pci_dss' | 'nz_aml_civil' | 'nz_aml_offence' | 'nz_fma' | 'nz_rbnz' | 'nz_opc' | 'none';

/** Per-rule configuration override. */
export interface RuleOverride {
  /** Switch this rule on/off, overriding its regime switch. */
  readonly enabled?: boolean;
  /** Override the effective date (local civil date) or clear it with `null`. */
  readonly effectiveFrom?: string | null;
  /** Override the best-execution tolerance. */
  readonly toleranceBps?: DecimalString;
}

/** Compliance configuration (the scenario's `compliance:` and `firm:` sections). */
export interface ComplianceConfig {
  /**
   * The firm's jurisdiction and licences. A rule with `licences` binds only a firm of its jurisdiction
   * holding one of them (a per-rule `enabled` override still wins). Absent: every rule binds.
   */
  readonly firm?: FirmProfile;
  /** Regime group switches. Default: all on except `apra_cps230` and `apra_cps234`. */
  readonly regimes?: Partial<Record<RegimeId, boolean>>;
  /** Per-rule overrides by rule id. */
  readonly rules?: Readonly<Record<string, RuleOverride>>;
  /** Calendar of the place concerned per country. Default `{ AU: 'AU-NSW', NZ: 'NZ' }`. */
  readonly calendars?: { readonly AU?: string; readonly NZ?: string };
  /** Extra calendars (e.g. from `extendCalendar`), referable by id from `calendars` and triggers. */
  readonly customCalendars?: readonly HolidayCalendar[];
  /** NZ working-day definition. Default `{ definition: 'aml_cft' }` (25 Dec–2 Jan excluded). */
  readonly nzWorkingDayRule?: NzWorkingDayRule;
  /** Count bank holidays as non-business days (default true, per the AML/CTF Act definition). */
  readonly excludeBankHolidays?: boolean;
  /** Emit NOT_TRIGGERED rows for switched-off / not-yet-effective rules (`applicable = false`). Default true. */
  readonly listInapplicable?: boolean;
  /** Share of the window left below which an open obligation is AT_RISK. Default 0.25 (§5.1). */
  readonly atRiskFraction?: number;
}

/** The drill's assumptions about the reporting pipeline. */
export interface ComplianceAssumptions {
  /** Added to t_detect for awareness-based clocks (§5.1). Default 0 ms. */
  readonly materialityAssessmentDelayMs?: number;
  /** When each obligation's report is "submitted", relative to its clock start; `null` = not submitted in the drill. */
  readonly submissionDelaysMs?: Readonly<Record<string, number | null>>;
  /** For obligations without a specific delay; default `null` (not submitted unless the trigger says so). */
  readonly defaultSubmissionDelayMs?: number | null;
}

/** Status of an obligation instance (§5.1). */
export type ObligationStatus = 'NOT_TRIGGERED' | 'ON_TIME' | 'AT_RISK' | 'LATE' | 'MISSED';

/**
 * One `compliance.csv` row. Keys are the CSV column names; every value is CSV-ready
 * (empty string = blank cell). `kind` tells regulatory obligations from playbook steps.
 */
export interface ComplianceRow {
  readonly kind: 'regulatory' | 'playbook';
  readonly obligation_id: string;
  readonly regulator: string;
  readonly jurisdiction: string;
  readonly applicable: boolean;
  readonly trigger_event_id: string;
  readonly trigger_ts: string;
  readonly clock_basis: ClockBasis;
  readonly calendar: string;
  readonly clock_start_ts: string;
  readonly clock_start_assumption: string;
  readonly deadline_ts: string;
  readonly submitted_ts: string;
  /** deadline − submitted (or, if not submitted, deadline − drill end), seconds, decimal string; negative = late. */
  readonly slack_s: string;
  readonly status: ObligationStatus;
  readonly evidence_ref: string;
  readonly penalty_reference: string;
  readonly source_url: string;
  /** `routine` (the baseline had it too), `incident` (caused by the fault), '' when there is no instance. */
  readonly cause: ObligationCause | '';
  /** The triggering transaction's amount and currency ('' for non-transaction triggers). */
  readonly amount: string;
  readonly amount_ccy: string;
  /** Its translation into the reporting currency. */
  readonly fx_rate: string;
  readonly fx_source: string;
  readonly fx_ts: string;
  readonly amount_reporting: string;
  readonly reporting_ccy: string;
  /** The rule's amount threshold (`≥ NZD 1000`) and the amount in the threshold's currency that was tested. */
  readonly threshold: string;
  readonly amount_in_threshold_ccy: string;
}

/** The column order of `compliance.csv`: §10.3 item 7's, then `kind`, `cause` and the amount columns. */
export const COMPLIANCE_CSV_COLUMNS = [
  'obligation_id', 'regulator', 'jurisdiction', 'applicable', 'trigger_event_id', 'trigger_ts', 'clock_basis', 'calendar',
  'clock_start_ts', 'clock_start_assumption', 'deadline_ts', 'submitted_ts', 'slack_s', 'status', 'evidence_ref',
  'penalty_reference', 'source_url', 'kind', 'cause', 'amount', 'amount_ccy', 'fx_rate', 'fx_source', 'fx_ts', 'amount_reporting',
  'reporting_ccy', 'threshold', 'amount_in_threshold_ccy',
] as const;
