/**
 * Which licence carries which cross-border transaction report, as data (docs/compliance.md
 * §Cross-border payments). A drill's payments are customer payments through a card/payment gateway;
 * whether one that crosses the firm's border must be reported (AU: IFTI; NZ: PTR for an
 * international wire transfer) depends on what the firm is licensed as, never on the currency.
 *
 * Research notes with their confidence ([P] primary text read, [S] secondary or our reading of a
 * primary text, [V] not verified). Simulated; indicative, not legal advice.
 */
import type { FirmLicenceId, Verification } from './types.js';

/** What one licence means for the drill's cross-border payments, per jurisdiction. */
export interface LicenceReporting {
  readonly licence: FirmLicenceId;
  /** Rule ids it carries for a payment crossing the firm's border, by the firm's country. */
  readonly carries: { readonly AU: readonly string[]; readonly NZ: readonly string[] };
  readonly au: string;
  readonly nz: string;
  readonly verification: { readonly AU: Verification; readonly NZ: Verification };
  readonly sources: readonly string[];
}

export const LICENCE_SOURCES = {
  austracIfti: 'https://austrac.gov.au/node/31',
  austracIftiGuide: 'http://austrac.gov.au/international-funds-transfer-instructions-iftis',
  amlctfS67: 'http://www.austlii.edu.au/au/legis/cth/consol_act/alacfa2006522/s67.html',
  amlctfS63A: 'https://zoelaw.ai/legislation/anti-money-laundering-and-counter-terrorism-financing-act-2006/sections/63A',
  ivts: 'https://www.minterellison.com/articles/transfer-of-value-aml-ctf-changes',
  nzPtr: 'http://www.police.govt.nz/advice/businesses-and-organisations/financial-intelligence-unit-fiu/who-needs-to-submit-ptrs',
  fatfR16: 'https://travelrule.info/travel-rule-docs-content/beta/regulation/fatf.html',
} as const;

export const LICENCE_REPORTING: Readonly<Record<FirmLicenceId, LicenceReporting>> = {
  remitter: {
    licence: 'remitter',
    carries: { AU: ['AU-AUSTRAC-IFTI'], NZ: ['NZ-FIU-PTR-IFT'] },
    au: 'a remittance provider that sends an instruction to transfer money or property out of Australia, or receives one into Australia, reports it to AUSTRAC within 10 business days (IFTI-DRA, AML/CTF Act s45, s46 items 3–4), whatever the amount',
    nz: 'a money remitter is a financial institution: an international wire transfer of NZD 1,000 or more conducted through it, with one institution in New Zealand and one outside, is a prescribed transaction reported within 10 working days (AML/CFT Act s48A)',
    verification: { AU: 'P', NZ: 'P' },
    sources: [LICENCE_SOURCES.austracIfti, LICENCE_SOURCES.austracIftiGuide, LICENCE_SOURCES.nzPtr],
  },
  card_acquirer: {
    licence: 'card_acquirer',
    carries: { AU: [], NZ: [] },
    au: 'card_acquirer: an instruction arising from the use of a debit or credit card (no cash advance, card number in the instruction) is outside the Act\'s funds-transfer-chain rules (AML/CTF Act s67(2)); that an acquirer does not report a foreign card\'s payment as an IFTI-E is our reading, to verify against AUSTRAC PLI 11',
    nz: 'card_acquirer: a card payment for goods or services carrying the card number is not a wire transfer (FATF R.16 exemption, implemented in the AML/CFT Act definitions), so not a prescribed transaction',
    verification: { AU: 'S', NZ: 'S' },
    sources: [LICENCE_SOURCES.amlctfS67, LICENCE_SOURCES.austracIftiGuide, LICENCE_SOURCES.fatfR16],
  },
  merchant: {
    licence: 'merchant',
    carries: { AU: [], NZ: [] },
    au: 'merchant: accepting a card payment for goods or services is not a designated service; the merchant is neither the ordering nor the beneficiary institution of an IFTI',
    nz: 'merchant: not a reporting entity for accepting card payments; the card payment is not a wire transfer it conducts',
    verification: { AU: 'S', NZ: 'S' },
    sources: [LICENCE_SOURCES.austracIfti, LICENCE_SOURCES.fatfR16],
  },
  exchange: {
    licence: 'exchange',
    carries: { AU: [], NZ: [] },
    au: 'exchange: a digital currency exchange is neither a financial institution nor a remitter under the Act as in force before 31 March 2026, so a customer\'s card deposit is not its IFTI; from 31 March 2026 a virtual asset service provider giving an international value transfer service incidentally to its exchange service is an ordering/beneficiary institution (s63A(4)(a)(ii)), and IVTS reports replace IFTIs later under transitional rules (not modelled)',
    nz: 'exchange: a virtual asset service provider is a reporting entity, but a customer\'s card deposit is not an international wire transfer it conducts (not verified)',
    verification: { AU: 'S', NZ: 'V' },
    sources: [LICENCE_SOURCES.amlctfS63A, LICENCE_SOURCES.ivts],
  },
};

/** The licences that carry a rule (the rule's `licences`, so the table above is the one place this is decided). */
export function licencesCarrying(ruleId: string): FirmLicenceId[] {
  return Object.values(LICENCE_REPORTING).filter((l) => l.carries.AU.includes(ruleId) || l.carries.NZ.includes(ruleId)).map((l) => l.licence);
}

/** The rule ids a firm's licences carry for its cross-border payments. */
export function reportsCarriedBy(country: 'AU' | 'NZ', licences: readonly FirmLicenceId[]): string[] {
  return [...new Set(licences.flatMap((l) => LICENCE_REPORTING[l].carries[country]))].sort();
}
