/**
 * The regulatory rule tables of finance-reference.md §5.2 (Australia) and §5.3 (New Zealand),
 * plus the PCI/Visa rows, as data. Wording is a drill paraphrase, not legal text; the
 * verification tag and source say how far each row was checked.
 */
import { licencesCarrying } from './licences.js';
import type { ComplianceRule, RegimeId } from './types.js';

/** Source URLs from the reference's Sources list, by reference number. */
export const SOURCES = {
  s1: 'https://www.austrac.gov.au/about-us/amlctf-reform/reforms-guidance/amlctf-program-reform/reporting-austrac-reform',
  s2: 'https://www.austrac.gov.au/about-us/amlctf-reform/reforms-guidance/amlctf-program-reform/reporting-austrac-reform/threshold-transaction-reports-reform',
  s5: 'https://www.austrac.gov.au/about-us/amlctf-reform/reforms-guidance/other-guidance/travel-rule-reform/travel-rule-overview-reform',
  s7: 'https://austrac.gov.au/about-us/amlctf-reform/reforms-guidance/amlctf-program-reform/develop-your-amlctf-program-reform/record-keeping-reform/record-keeping-overview-reform',
  s10: 'https://www.austrac.gov.au/news-and-media/media-release/austrac-issues-businesses-infringement-notices-failing-comply-their-reporting-obligations',
  s12: 'https://www.legislation.gov.au/Details/F2023L01242',
  s13: 'https://www.cyber.gov.au/acsc/view-all-content/referral-organisations/australian-prudential-regulation-authority-apra',
  s14: 'http://www5.austlii.edu.au/au/legis/cth/consol_act/ca2001172/s912daa.html',
  s15: 'https://www.asic.gov.au/regulatory-resources/find-a-document/regulatory-guides/rg-271-internal-dispute-resolution/',
  s16: 'https://legislation.gov.au/F2017L01474/2022-03-10/text',
  s17: 'https://rulesmate.com.au/obligations/ndb-notification',
  s18sar: 'http://www.legislation.govt.nz/act/public/2009/0035/latest/DLM2140892.html',
  s18ptr: 'http://www.police.govt.nz/advice/businesses-and-organisations/financial-intelligence-unit-fiu/who-needs-to-submit-ptrs',
  s18rec: 'https://www.legislation.govt.nz/act/public/2009/0035/latest/DLM2140904.html',
  s19fma: 'https://strategi.co.nz/news/standard-condition-on-business-continuity-and-technology-systems-now-extended-to-other-licensed-entities',
  s19rbnz: 'https://www.bellgully.com/insights/cybersecurity-update-new-reporting-obligations-for-financial-sector/',
  s20: 'https://privacy.org.nz/publications/statements-media-releases/how-long-is-72-hours',
  s21pci: 'https://withpci.com/requirements/10/10.5/10.5.1',
  s21visa: 'https://usa.visa.com/support/small-business/data-security.html',
} as const;

/** Default on/off per regime group: APRA standards apply only to APRA-regulated entities (§12), so they are off. */
export const REGIME_DEFAULTS: Readonly<Record<RegimeId, boolean>> = {
  austrac: true,
  asic: true,
  apra_cps230: false,
  apra_cps234: false,
  oaic: true,
  pci: true,
  nz_aml: true,
  nz_fma: true,
  nz_rbnz: true,
  nz_opc: true,
};

/**
 * The regimes a drill evaluates when the scenario does not switch them, by the firm's country
 * (`firm.country`): those that bind a payments or crypto firm there. AU: AUSTRAC, ASIC, OAIC and PCI
 * DSS; NZ: the AML/CFT Act (FIU), the FMA, the Privacy Commissioner and PCI DSS. Prudential
 * standards (APRA CPS 230/234 in AU, the RBNZ's cyber reporting in NZ) bind only banks, insurers and
 * deposit takers, so they stay off; the other country's regimes are off too (a firm licensed in both
 * switches them on).
 */
export function regimeDefaultsFor(country: 'AU' | 'NZ'): Record<RegimeId, boolean> {
  const au = country === 'AU';
  return { austrac: au, asic: au, apra_cps230: false, apra_cps234: false, oaic: au, pci: true, nz_aml: !au, nz_fma: !au, nz_rbnz: false, nz_opc: !au };
}

/** Default effective date of the AUSTRAC reforms (travel rule, virtual-asset transfers), overridable by config (§12). */
export const AUSTRAC_REFORM_DATE = '2026-03-31';

const AWARE = 'clock start = t_detect (first alert) + materiality_assessment_delay';
const SUSPICION = 'clock start = the simulated decision time of the suspicion pipeline (alert → case → decision), not the first staff escalation [4]';
const TXN_DAY = 'clock start = the local day of the transaction; counting starts the next day';

/** The Australian rules (§5.2). */
export const AU_RULES: readonly ComplianceRule[] = [
  {
    id: 'AU-AUSTRAC-SMR-TF', regime: 'austrac', regulator: 'AUSTRAC', jurisdiction: 'AU',
    obligation: 'Suspicious matter report relating to terrorism financing (reporting entities incl. DCE/VASPs)',
    triggerKinds: ['suspicion_formed'], terrorismFinancing: true,
    clock: { basis: 'hours', hours: 24 }, clockStart: 'trigger', clockStartAssumption: SUSPICION,
    defaultOn: true, effectiveFrom: null, penalty: 'austrac', verification: 'P', sourceUrl: SOURCES.s1,
  },
  {
    id: 'AU-AUSTRAC-SMR', regime: 'austrac', regulator: 'AUSTRAC', jurisdiction: 'AU',
    obligation: 'Suspicious matter report, all other suspicions',
    triggerKinds: ['suspicion_formed'], terrorismFinancing: false,
    clock: { basis: 'business_days', days: 3 }, clockStart: 'trigger', clockStartAssumption: SUSPICION,
    defaultOn: true, effectiveFrom: null, penalty: 'austrac', verification: 'P', sourceUrl: SOURCES.s1,
  },
  {
    id: 'AU-AUSTRAC-TTR', regime: 'austrac', regulator: 'AUSTRAC', jurisdiction: 'AU',
    obligation: 'Threshold transaction report: physical currency ≥ AUD 10,000 (or foreign equivalent) received or paid; each cash transaction assessed on its own',
    triggerKinds: ['cash_txn'], threshold: { amount: '10000', ccy: 'AUD' },
    clock: { basis: 'business_days', days: 10 }, clockStart: 'trigger', clockStartAssumption: TXN_DAY,
    defaultOn: true, effectiveFrom: null, penalty: 'austrac', verification: 'P', sourceUrl: SOURCES.s2,
    notes: 'Splitting below AUD 10,000 is a structuring/SMR matter, not a TTR (2022 guidance).',
  },
  {
    id: 'AU-AUSTRAC-IFTI', regime: 'austrac', regulator: 'AUSTRAC', jurisdiction: 'AU',
    obligation: 'International funds/value transfer instruction report (a transfer into or out of Australia; binds remitters: licences.ts)',
    triggerKinds: ['international_transfer'], licences: licencesCarrying('AU-AUSTRAC-IFTI'),
    clock: { basis: 'business_days', days: 10 }, clockStart: 'trigger', clockStartAssumption: 'clock start = the local day the instruction was sent or received; counting starts the next day',
    defaultOn: true, effectiveFrom: null, penalty: 'austrac', verification: 'P', sourceUrl: SOURCES.s1,
  },
  {
    id: 'AU-AUSTRAC-TRAVEL', regime: 'austrac', regulator: 'AUSTRAC', jurisdiction: 'AU',
    obligation: 'Travel rule: payer information collected/verified and transfer message passed before giving effect to a value transfer (incl. virtual assets; no de-minimis threshold)',
    triggerKinds: ['va_transfer', 'va_transfer_without_travel_msg'],
    clock: { basis: 'before_effect' }, clockStart: 'trigger', clockStartAssumption: 'clock start = instruction accepted; due before the transfer takes effect (effectTs); submitted = travel-rule message passed (controlTs)',
    defaultOn: true, effectiveFrom: AUSTRAC_REFORM_DATE, penalty: 'austrac', verification: 'P', sourceUrl: SOURCES.s5,
    notes: 'Some secondary sources describe crypto travel-rule enforcement from 2026-07-01; override effectiveFrom in config.',
  },
  {
    id: 'AU-AUSTRAC-RECORDS', regime: 'austrac', regulator: 'AUSTRAC', jurisdiction: 'AU',
    obligation: 'Record keeping (transaction, CDD, program records), retained usually 7 years; missing/unrecoverable records for the fault window are a finding',
    triggerKinds: ['log_gap'],
    clock: { basis: 'immediate' }, clockStart: 'trigger', clockStartAssumption: 'clock start = first event without a record; submitted = record recovered (controlTs)',
    defaultOn: true, effectiveFrom: null, penalty: 'austrac', verification: 'P', sourceUrl: SOURCES.s7,
  },
  {
    id: 'AU-AUSTRAC-ANNUAL', regime: 'austrac', regulator: 'AUSTRAC', jurisdiction: 'AU',
    obligation: 'Annual compliance report, lodged 1 January – 31 March for the previous calendar year (listed only; n/a for drills)',
    triggerKinds: ['calendar_year'],
    clock: { basis: 'none' }, clockStart: 'trigger', clockStartAssumption: 'n/a for drills (list only)',
    defaultOn: true, effectiveFrom: null, penalty: 'austrac', verification: 'P', sourceUrl: SOURCES.s10,
  },
  {
    id: 'AU-APRA-CPS230-INC', regime: 'apra_cps230', regulator: 'APRA', jurisdiction: 'AU',
    obligation: 'Notify APRA of an operational risk incident likely to have a material financial impact or a material impact on critical operations (APRA-regulated entities)',
    triggerKinds: ['incident_detected'], categories: ['operational'],
    clock: { basis: 'hours', hours: 72 }, clockStart: 'awareness', clockStartAssumption: AWARE,
    defaultOn: false, effectiveFrom: null, penalty: 'apra', verification: 'S', sourceUrl: SOURCES.s12,
    notes: 'Verify paragraph numbers against F2023L01242; secondary sources conflict on 24 h vs 72 h (§12).',
  },
  {
    id: 'AU-APRA-CPS230-TOL', regime: 'apra_cps230', regulator: 'APRA', jurisdiction: 'AU',
    obligation: 'Notify APRA of a disruption to a critical operation outside tolerance: nature, action taken, likely impact, time to normal',
    triggerKinds: ['outage_outside_tolerance'],
    clock: { basis: 'hours', hours: 24 }, clockStart: 'trigger', clockStartAssumption: 'clock start = the moment the disruption exceeded the configured tolerance',
    defaultOn: false, effectiveFrom: null, penalty: 'apra', verification: 'S', sourceUrl: SOURCES.s12,
  },
  {
    id: 'AU-APRA-CPS230-TOLSET', regime: 'apra_cps230', regulator: 'APRA', jurisdiction: 'AU',
    obligation: 'Tolerance levels per critical operation (max disruption period, max data loss, min service levels); drill outage beyond tolerance triggers CPS230-TOL (listed only)',
    triggerKinds: [],
    clock: { basis: 'none' }, clockStart: 'trigger', clockStartAssumption: 'configuration, no clock',
    defaultOn: false, effectiveFrom: null, penalty: 'apra', verification: 'V', sourceUrl: SOURCES.s12,
  },
  {
    id: 'AU-APRA-CPS234-INC', regime: 'apra_cps234', regulator: 'APRA', jurisdiction: 'AU',
    obligation: 'Notify APRA of a material information security incident',
    triggerKinds: ['incident_detected'], categories: ['information_security'],
    clock: { basis: 'hours', hours: 72 }, clockStart: 'awareness', clockStartAssumption: AWARE,
    defaultOn: false, effectiveFrom: null, penalty: 'apra', verification: 'P', sourceUrl: SOURCES.s13,
  },
  {
    id: 'AU-APRA-CPS234-WEAK', regime: 'apra_cps234', regulator: 'APRA', jurisdiction: 'AU',
    obligation: 'Notify APRA of a material information security control weakness not remediable in time',
    triggerKinds: ['control_weakness'],
    clock: { basis: 'business_days', days: 10 }, clockStart: 'awareness', clockStartAssumption: AWARE,
    defaultOn: false, effectiveFrom: null, penalty: 'apra', verification: 'V', sourceUrl: SOURCES.s13,
  },
  {
    id: 'AU-ASIC-BREACH', regime: 'asic', regulator: 'ASIC', jurisdiction: 'AU',
    obligation: 'Report a reportable situation (AFS/credit licensees), s912DAA(3): within 30 days after first knowing, or being reckless, that there are reasonable grounds',
    triggerKinds: ['incident_detected'], categories: ['reportable_situation'],
    clock: { basis: 'calendar_days', days: 30, roll: 'next_business_day' }, clockStart: 'awareness',
    clockStartAssumption: `${AWARE}; 30 calendar days excluding that day, a weekend/holiday due date rolls to the next business day`,
    defaultOn: true, effectiveFrom: null, penalty: 'asic', verification: 'P', sourceUrl: SOURCES.s14,
  },
  {
    id: 'AU-ASIC-IDR-ACK', regime: 'asic', regulator: 'ASIC', jurisdiction: 'AU',
    obligation: 'Acknowledge a retail complaint within 24 hours (RG 271 guidance)',
    triggerKinds: ['customer_complaint'],
    clock: { basis: 'hours', hours: 24 }, clockStart: 'trigger', clockStartAssumption: 'clock start = complaint received',
    defaultOn: true, effectiveFrom: null, penalty: 'asic', verification: 'S', sourceUrl: SOURCES.s15,
  },
  {
    id: 'AU-ASIC-IDR', regime: 'asic', regulator: 'ASIC', jurisdiction: 'AU',
    obligation: 'Final IDR response to a retail complaint (e.g. duplicate charge) within 30 calendar days (RG 271)',
    triggerKinds: ['customer_complaint'],
    clock: { basis: 'calendar_days', days: 30, roll: 'none' }, clockStart: 'trigger', clockStartAssumption: 'clock start = complaint received; 30 calendar days after that day',
    defaultOn: true, effectiveFrom: null, penalty: 'asic', verification: 'P', sourceUrl: SOURCES.s15,
  },
  {
    id: 'AU-ASIC-BESTEX', regime: 'asic', regulator: 'ASIC', jurisdiction: 'AU',
    obligation: 'Best execution: reasonable steps to obtain the best outcome (MIR Part 3.8; for crypto platforms, firm policy pending the DAP regime); fill worse than the reference best price by more than tolerance_bps',
    triggerKinds: ['fill_on_stale_price'], toleranceBps: '10',
    clock: { basis: 'before_effect' }, clockStart: 'trigger', clockStartAssumption: 'pre-trade: the control had to act before the fill; submitted = fill blocked/re-quoted (controlTs)',
    defaultOn: true, effectiveFrom: null, penalty: 'asic', verification: 'P/S', sourceUrl: SOURCES.s16,
  },
  {
    id: 'AU-ASIC-AOP', regime: 'asic', regulator: 'ASIC', jurisdiction: 'AU',
    obligation: 'Automated order processing: appropriate automated filters (MIR Part 5.6); an order outside the price/size band must not be accepted',
    triggerKinds: ['order_outside_band'],
    clock: { basis: 'before_effect' }, clockStart: 'trigger', clockStartAssumption: 'pre-trade: submitted = order rejected by the filter (controlTs) before acceptance (effectTs)',
    defaultOn: true, effectiveFrom: null, penalty: 'asic', verification: 'P', sourceUrl: SOURCES.s16,
  },
  {
    id: 'AU-OAIC-NDB', regime: 'oaic', regulator: 'OAIC', jurisdiction: 'AU',
    obligation: 'Assess a suspected eligible data breach within 30 days; notify OAIC and individuals as soon as practicable',
    triggerKinds: ['incident_detected'], categories: ['data_breach'],
    clock: { basis: 'calendar_days', days: 30, roll: 'none' }, clockStart: 'awareness', clockStartAssumption: `${AWARE} (reasonable grounds to suspect); 30 calendar days after that day`,
    defaultOn: true, effectiveFrom: null, penalty: 'oaic', verification: 'S', sourceUrl: SOURCES.s17,
  },
  {
    id: 'PCI-LOG', regime: 'pci', regulator: 'PCI SSC (via acquirer)', jurisdiction: 'INTL',
    obligation: 'PCI DSS v4 Req. 10.5.1: retain audit logs 12 months, latest 3 months immediately available; logs missing for the fault window are a finding',
    triggerKinds: ['log_gap'],
    clock: { basis: 'immediate' }, clockStart: 'trigger', clockStartAssumption: 'clock start = first event without a log record; submitted = log recovered (controlTs)',
    defaultOn: true, effectiveFrom: null, penalty: 'pci_dss', verification: 'P', sourceUrl: SOURCES.s21pci,
  },
  {
    id: 'PCI-VISA', regime: 'pci', regulator: 'Visa (via acquirer)', jurisdiction: 'INTL',
    obligation: 'Suspected account-data compromise: notify the acquirer/Visa immediately',
    triggerKinds: ['incident_detected'], categories: ['card_data'],
    clock: { basis: 'immediate' }, clockStart: 'awareness', clockStartAssumption: `${AWARE}; submitted = acquirer notified (controlTs or submission assumption)`,
    defaultOn: true, effectiveFrom: null, penalty: 'pci_visa', verification: 'P', sourceUrl: SOURCES.s21visa,
  },
  {
    id: 'PCI-VISA-IR', regime: 'pci', regulator: 'Visa (via acquirer)', jurisdiction: 'INTL',
    obligation: 'Suspected account-data compromise: incident report within 3 working days',
    triggerKinds: ['incident_detected'], categories: ['card_data'],
    clock: { basis: 'working_days', days: 3 }, clockStart: 'awareness', clockStartAssumption: AWARE,
    defaultOn: true, effectiveFrom: null, penalty: 'pci_visa', verification: 'P', sourceUrl: SOURCES.s21visa,
  },
  {
    id: 'PCI-VISA-ACCTS', regime: 'pci', regulator: 'Visa (via acquirer)', jurisdiction: 'INTL',
    obligation: 'Suspected account-data compromise: compromised account numbers within 10 working/business days',
    triggerKinds: ['incident_detected'], categories: ['card_data'],
    clock: { basis: 'business_days', days: 10 }, clockStart: 'awareness', clockStartAssumption: AWARE,
    defaultOn: true, effectiveFrom: null, penalty: 'pci_visa', verification: 'P', sourceUrl: SOURCES.s21visa,
  },
];

/** The New Zealand rules (§5.3). */
export const NZ_RULES: readonly ComplianceRule[] = [
  {
    id: 'NZ-FIU-SAR', regime: 'nz_aml', regulator: 'NZ Police FIU', jurisdiction: 'NZ',
    obligation: 'Suspicious activity report (AML/CFT Act s40): as soon as practicable, ≤ 3 working days after forming suspicion',
    triggerKinds: ['suspicion_formed'],
    clock: { basis: 'working_days', days: 3 }, clockStart: 'trigger', clockStartAssumption: SUSPICION,
    defaultOn: true, effectiveFrom: null, penalty: 'nz_aml_offence', verification: 'P', sourceUrl: SOURCES.s18sar,
  },
  {
    id: 'NZ-FIU-PTR-LCT', regime: 'nz_aml', regulator: 'NZ Police FIU', jurisdiction: 'NZ',
    obligation: 'Prescribed transaction report: domestic physical cash ≥ NZD 10,000, ≤ 10 working days',
    triggerKinds: ['cash_txn'], threshold: { amount: '10000', ccy: 'NZD' },
    clock: { basis: 'working_days', days: 10 }, clockStart: 'trigger', clockStartAssumption: TXN_DAY,
    defaultOn: true, effectiveFrom: null, penalty: 'nz_aml_civil', verification: 'P/S', sourceUrl: SOURCES.s18ptr,
  },
  {
    id: 'NZ-FIU-PTR-IFT', regime: 'nz_aml', regulator: 'NZ Police FIU', jurisdiction: 'NZ',
    obligation: 'Prescribed transaction report: international wire transfer ≥ NZD 1,000 (one FI in NZ, one outside), ≤ 10 working days',
    triggerKinds: ['international_transfer'], threshold: { amount: '1000', ccy: 'NZD' }, licences: licencesCarrying('NZ-FIU-PTR-IFT'),
    clock: { basis: 'working_days', days: 10 }, clockStart: 'trigger', clockStartAssumption: TXN_DAY,
    defaultOn: true, effectiveFrom: null, penalty: 'nz_aml_civil', verification: 'P/S', sourceUrl: SOURCES.s18ptr,
  },
  {
    id: 'NZ-RECORDS', regime: 'nz_aml', regulator: 'NZ Police FIU / AML supervisor', jurisdiction: 'NZ',
    obligation: 'Transaction records sufficient to reconstruct, and SAR copies, kept ≥ 5 years (s49, s49A); records missing for the fault window are a finding',
    triggerKinds: ['log_gap'],
    clock: { basis: 'immediate' }, clockStart: 'trigger', clockStartAssumption: 'clock start = first event without a record; submitted = record recovered (controlTs)',
    defaultOn: true, effectiveFrom: null, penalty: 'nz_aml_civil', verification: 'P', sourceUrl: SOURCES.s18rec,
  },
  {
    id: 'NZ-FMA-INC', regime: 'nz_fma', regulator: 'FMA', jurisdiction: 'NZ',
    obligation: 'Market services licensee standard condition (business continuity & technology systems): notify an event materially affecting supply of the service as soon as possible, ≤ 72 hours',
    triggerKinds: ['incident_detected'], categories: ['operational'],
    clock: { basis: 'hours', hours: 72 }, clockStart: 'awareness', clockStartAssumption: `${AWARE} (determined material)`,
    defaultOn: true, effectiveFrom: null, penalty: 'nz_fma', verification: 'S', sourceUrl: SOURCES.s19fma,
  },
  {
    id: 'NZ-RBNZ-CYBER', regime: 'nz_rbnz', regulator: 'RBNZ', jurisdiction: 'NZ',
    obligation: 'Banks, NBDTs, insurers: material cyber incident as soon as practicable, ≤ 72 hours (initial / update / post-incident reports)',
    triggerKinds: ['incident_detected'], categories: ['information_security'],
    clock: { basis: 'hours', hours: 72 }, clockStart: 'awareness', clockStartAssumption: `${AWARE} (detection)`,
    defaultOn: true, effectiveFrom: null, penalty: 'nz_rbnz', verification: 'S', sourceUrl: SOURCES.s19rbnz,
  },
  {
    id: 'NZ-OPC-PRIVACY', regime: 'nz_opc', regulator: 'Office of the Privacy Commissioner', jurisdiction: 'NZ',
    obligation: 'Notifiable privacy breach (Privacy Act 2020, incl. availability breaches): as soon as practicable; OPC expects ≤ 72 hours',
    triggerKinds: ['incident_detected'], categories: ['data_breach'],
    clock: { basis: 'hours', hours: 72 }, clockStart: 'awareness', clockStartAssumption: `${AWARE} (aware the breach is notifiable)`,
    defaultOn: true, effectiveFrom: null, penalty: 'nz_opc', verification: 'P', sourceUrl: SOURCES.s20,
  },
];

/** Every built-in rule, AU then NZ. */
export const ALL_RULES: readonly ComplianceRule[] = [...AU_RULES, ...NZ_RULES];

/** Look up a built-in rule by id. */
export function getRule(id: string): ComplianceRule {
  const r = ALL_RULES.find((x) => x.id === id);
  if (!r) throw new RangeError(`unknown compliance rule '${id}'`);
  return r;
}
