/**
 * Indicative penalty references (finance-reference.md §5.4). These are never booked as P&L:
 * a drill produces neither a probable outflow nor a reliable estimate, so the report shows
 * breaches, the statutory maximum per contravention (labelled as such) and the
 * infringement-notice reference.
 */
import { Dec, fixed } from '../decimal.js';
import type { DecimalString, PenaltyRefId } from './types.js';

/** The label every statutory-maximum figure carries. */
export const STATUTORY_MAX_LABEL = 'statutory maximum, not an estimate';

/** Commonwealth penalty unit values (AUD) by start date, newest first [9] [P]. */
export const COMMONWEALTH_PENALTY_UNITS: ReadonlyArray<{ readonly from: string; readonly aud: DecimalString }> = [
  { from: '2024-11-07', aud: '330' },
  { from: '2023-07-01', aud: '313' },
];

/** AUSTRAC infringement notice: 60 penalty units per alleged contravention, body corporate (s186A) [8] [P]. */
export const AUSTRAC_INFRINGEMENT_UNITS = '60';
/** AML/CTF Act s175(4): civil penalty maximum, body corporate, per contravention [8] [P]. */
export const AUSTRAC_CIVIL_MAX_UNITS = '100000';

/** The Commonwealth penalty unit value on a date (local civil date, `YYYY-MM-DD`). */
export function penaltyUnitAud(onDate: string): Dec {
  const row = COMMONWEALTH_PENALTY_UNITS.find((r) => onDate >= r.from);
  if (!row) throw new RangeError(`no Commonwealth penalty unit value in the reference table for ${onDate} (table starts 2023-07-01)`);
  return new Dec(row.aud);
}

/** Penalty units × unit value (AUD), e.g. 60 × 330 = 19,800. */
export function penaltyUnitsToAud(units: DecimalString, onDate: string): Dec {
  return new Dec(units).times(penaltyUnitAud(onDate));
}

/** Indicative infringement-notice amount for `n` late/missing reports: n × 60 × PU (AUD). */
export function austracInfringementAud(contraventions: number, onDate: string): Dec {
  return penaltyUnitsToAud(AUSTRAC_INFRINGEMENT_UNITS, onDate).times(countOf(contraventions));
}

/** Statutory maximum for `n` contraventions: n × 100,000 × PU (AUD) — a statutory maximum, not an estimate. */
export function austracStatutoryMaxAud(contraventions: number, onDate: string): Dec {
  return penaltyUnitsToAud(AUSTRAC_CIVIL_MAX_UNITS, onDate).times(countOf(contraventions));
}

function countOf(n: number): Dec {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`contravention count must be a non-negative integer: ${n}`);
  return new Dec(n);
}

/** Format an amount with thousands separators and 2 dp, e.g. `33,000,000.00`. */
export function formatMoney(amount: Dec, ccy: string): string {
  const [int = '0', frac = '00'] = fixed(amount, 2).split('.');
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  return `${ccy} ${neg ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** A structured penalty reference for one regime. */
export interface PenaltyReference {
  readonly id: PenaltyRefId;
  /** The text printed in `penalty_reference`. */
  readonly text: string;
  /** Figures with their basis; amounts are decimal strings. */
  readonly figures: ReadonlyArray<{ readonly label: string; readonly amount: DecimalString; readonly ccy: string; readonly basis: string }>;
  readonly verification: string;
  readonly sourceUrl: string;
}

const SRC = {
  austrac: 'http://classic.austlii.edu.au/au/legis/cth/consol_act/alacfa2006522/s175.html',
  oaic: 'https://rulesmate.com.au/obligations/ndb-notification',
  visa: 'https://usa.visa.com/support/small-business/data-security.html',
  nzCivil: 'http://r133.publications.lawcom.govt.nz/Appendix+B+-+Table+of+pecuniary+penalty+provisions',
  nzOffence: 'https://plainlanguagelaw.ackama.com/acts/DLM2140700/DLM2140981.html',
};

/**
 * The penalty reference for a regime on a date (the date picks the penalty-unit value).
 * AUSTRAC figures use the unit arithmetic; others are the fixed §5.4 figures.
 */
export function penaltyReference(id: PenaltyRefId, onDate: string): PenaltyReference {
  switch (id) {
    case 'austrac': {
      const pu = penaltyUnitAud(onDate);
      const inf = penaltyUnitsToAud(AUSTRAC_INFRINGEMENT_UNITS, onDate);
      const max = penaltyUnitsToAud(AUSTRAC_CIVIL_MAX_UNITS, onDate);
      return {
        id,
        text:
          `Indicative, not provisioned: infringement notice 60 PU × ${formatMoney(pu, 'AUD')} = ${formatMoney(inf, 'AUD')} per contravention (s186A); ` +
          `civil penalty 100,000 PU × ${formatMoney(pu, 'AUD')} = ${formatMoney(max, 'AUD')} per contravention (s175(4); ${STATUTORY_MAX_LABEL})`,
        figures: [
          { label: 'infringement notice per contravention', amount: fixed(inf, 2), ccy: 'AUD', basis: `60 PU × ${fixed(pu, 2)}` },
          { label: STATUTORY_MAX_LABEL, amount: fixed(max, 2), ccy: 'AUD', basis: `100000 PU × ${fixed(pu, 2)}` },
        ],
        verification: 'P',
        sourceUrl: SRC.austrac,
      };
    }
    case 'oaic':
      return fixedRef(id, `Indicative, not provisioned: serious interference with privacy up to the greater of AUD 50,000,000.00, 3× the benefit, or 30% of adjusted turnover (${STATUTORY_MAX_LABEL})`,
        [{ label: STATUTORY_MAX_LABEL, amount: '50000000.00', ccy: 'AUD', basis: 'floor of the greater-of test' }], 'S', SRC.oaic);
    case 'pci_visa':
      return fixedRef(id, 'Indicative, not provisioned: failure to notify immediately, up to USD 100,000.00 per incident (Visa, to the client bank)',
        [{ label: 'scheme fine up to, per incident', amount: '100000.00', ccy: 'USD', basis: 'Visa data security page' }], 'P', SRC.visa);
    case 'nz_aml_civil':
      return fixedRef(id, `Indicative, not provisioned: civil pecuniary penalty up to NZD 1,000,000.00 or NZD 2,000,000.00 (body corporate) depending on the civil liability act, s90 (${STATUTORY_MAX_LABEL})`,
        [{ label: STATUTORY_MAX_LABEL, amount: '2000000.00', ccy: 'NZD', basis: 'AML/CFT Act s90 (higher tier)' }], 'S', SRC.nzCivil);
    case 'nz_aml_offence':
      return fixedRef(id, `Indicative, not provisioned: SAR/PTR-related offences up to NZD 5,000,000.00 (body corporate), s100 (${STATUTORY_MAX_LABEL})`,
        [{ label: STATUTORY_MAX_LABEL, amount: '5000000.00', ccy: 'NZD', basis: 'AML/CFT Act s100' }], 'S', SRC.nzOffence);
    case 'apra':
      return fixedRef(id, 'No figure in the reference: APRA acts through directions, licence conditions and supervisory action [V]', [], 'V', '');
    case 'asic':
      return fixedRef(id, 'No figure in the reference table (§5.4); civil penalty provisions apply to licensees [V]', [], 'V', '');
    case 'pci_dss':
      return fixedRef(id, 'Contractual (acquirer / card scheme); no statutory figure', [], 'V', '');
    case 'nz_fma':
    case 'nz_rbnz':
    case 'nz_opc':
      return fixedRef(id, 'No figure in the reference table (§5.4) [V]', [], 'V', '');
    case 'none':
      return fixedRef(id, '', [], '', '');
  }
}

function fixedRef(id: PenaltyRefId, text: string, figures: PenaltyReference['figures'], verification: string, sourceUrl: string): PenaltyReference {
  return { id, text, figures, verification, sourceUrl };
}
