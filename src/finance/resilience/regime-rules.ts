/**
 * The operational-resilience regimes as data (docs/compliance.md §10, docs/resilience.md §4):
 * each regime's switch, its source and how far it was verified, and the reporting clocks it adds
 * to compliance.csv. Wording is a drill paraphrase, not legal text.
 *
 * Verification tags as in finance-reference.md: [P] checked against the primary text, [S] checked
 * against secondary sources that quote it (the primary URL is given; it was not fetched), [V] not
 * verified. The APRA CPS 230 clocks stay in compliance/rules.ts (AU-APRA-CPS230-INC, -TOL).
 */

/** A regime switch under `compliance.regimes`. */
export type ResilienceRegimeId = 'apra_cps230' | 'uk_opres' | 'mas_trm' | 'eu_dora' | 'us_banking';

export interface ResilienceRegime {
  readonly id: ResilienceRegimeId;
  readonly name: string;
  readonly regulator: string;
  readonly jurisdiction: string;
  /** What the drill tests under this regime. */
  readonly tests: string;
  readonly verification: 'P' | 'S' | 'V' | 'P/S';
  readonly sources: readonly { readonly label: string; readonly url: string }[];
}

export const SOURCES = {
  cps230: 'https://www.legislation.gov.au/Details/F2023L01242',
  ss121: 'https://www.bankofengland.co.uk/prudential-regulation/publication/2021/march/operational-resilience-impact-tolerances-for-important-business-services-ss',
  sysc15a: 'https://www.handbook.fca.org.uk/handbook/SYSC/15A/2.html',
  masNotice644: 'https://www.mas.gov.sg/regulation/notices/notice-644',
  masNotice127: 'https://www.mas.gov.sg/regulation/notices/notice-127',
  dora: 'https://eur-lex.europa.eu/eli/reg/2022/2554/oj',
  doraRts1772: 'https://eur-lex.europa.eu/eli/reg_del/2024/1772/oj',
  doraRts301: 'https://eur-lex.europa.eu/eli/reg_del/2025/301/oj',
  us53: 'https://www.ecfr.gov/current/title-12/chapter-I/part-53/section-53.3',
  usFr: 'https://www.federalregister.gov/documents/2021/11/23/2021-25510/computer-security-incident-notification-requirements-for-banking-organizations-and-their-bank',
} as const;

export const RESILIENCE_REGIMES: readonly ResilienceRegime[] = [
  {
    id: 'apra_cps230', name: 'APRA CPS 230 Operational Risk Management', regulator: 'APRA', jurisdiction: 'AU',
    tests: 'tolerance levels per critical operation (para 38: maximum period of disruption, extent of data loss, minimum service levels); a disruption outside tolerance starts the 24-hour notification (para 42, AU-APRA-CPS230-TOL); the 72-hour material incident notification (para 33, AU-APRA-CPS230-INC)',
    verification: 'S', sources: [{ label: 'CPS 230 (F2023L01242)', url: SOURCES.cps230 }],
  },
  {
    id: 'uk_opres', name: 'UK operational resilience (PRA SS1/21, FCA SYSC 15A)', regulator: 'PRA / FCA', jurisdiction: 'UK',
    tests: 'an impact tolerance per important business service (the operation\'s tolerances: a time, and any other relevant metric) and whether the firm remained within it (SYSC 15A.2.9R); no reporting clock is modelled',
    verification: 'P/S', sources: [{ label: 'FCA SYSC 15A.2', url: SOURCES.sysc15a }, { label: 'PRA SS1/21', url: SOURCES.ss121 }],
  },
  {
    id: 'mas_trm', name: 'MAS Notices on Technology Risk Management', regulator: 'MAS', jurisdiction: 'SG',
    tests: 'each critical operation as a critical system: recovery time against a recovery time objective of at most 4 hours; the drill\'s share of the 4 hours of unscheduled downtime allowed per 12 months; notification within 1 hour of discovery (SG-MAS-TRM-NOTIFY) and a root-cause and impact report within 14 days (SG-MAS-TRM-RCA)',
    verification: 'S', sources: [{ label: 'MAS Notice 644 (banks); Notice 127 (insurers) and the other TRM Notices', url: SOURCES.masNotice644 }],
  },
  {
    id: 'eu_dora', name: 'EU DORA major ICT-related incidents', regulator: 'EU competent authority', jurisdiction: 'EU',
    tests: 'the major-incident classification of Delegated Regulation (EU) 2024/1772 (Art. 8: critical services affected and either malicious access or two or more of the Art. 9 thresholds) and when it became true; initial notification within 4 hours of classification and 24 hours of awareness, intermediate report within 72 hours of the initial notification, final report within one month of the intermediate report, with the weekend and bank-holiday rule (Delegated Regulation (EU) 2025/301 Art. 5)',
    verification: 'S', sources: [{ label: 'Regulation (EU) 2022/2554 Art. 18, 19', url: SOURCES.dora }, { label: 'Delegated Regulation (EU) 2024/1772', url: SOURCES.doraRts1772 }, { label: 'Delegated Regulation (EU) 2025/301', url: SOURCES.doraRts301 }],
  },
  {
    id: 'us_banking', name: 'US computer-security incident notification rule', regulator: 'OCC / Federal Reserve / FDIC', jurisdiction: 'US',
    tests: 'a notification incident (a critical operation materially disrupted) notified to the primary federal regulator within 36 hours of the determination (12 CFR 53.3, 225.302, 304.23; US-BANKING-36H)',
    verification: 'S', sources: [{ label: '12 CFR 53.3', url: SOURCES.us53 }, { label: 'Final rule (86 FR 66424)', url: SOURCES.usFr }],
  },
];

/** How a regime clock's deadline is found from its start (regime-clocks.ts). */
export type RegimeClockSpec =
  | { readonly basis: 'hours'; readonly hours: number; readonly nonWorkingDayRelief: 'always' | 'unless_excluded' | 'never' }
  | { readonly basis: 'months'; readonly months: number; readonly nonWorkingDayRelief: 'always' | 'unless_excluded' | 'never' };

/** One reporting obligation a resilience regime adds to compliance.csv. */
export interface RegimeRule {
  readonly id: string;
  readonly regime: ResilienceRegimeId;
  readonly regulator: string;
  readonly jurisdiction: string;
  readonly obligation: string;
  readonly clock: RegimeClockSpec;
  /** What starts the clock, for the row's assumption text. */
  readonly clockStart: string;
  /** The `resilience.notifications` key whose delay makes it submitted (several rows may share one report). */
  readonly notificationKey: string;
  readonly verification: 'P' | 'S' | 'V' | 'P/S';
  readonly sourceUrl: string;
}

export const REGIME_RULES: readonly RegimeRule[] = [
  {
    id: 'SG-MAS-TRM-NOTIFY', regime: 'mas_trm', regulator: 'MAS', jurisdiction: 'SG',
    obligation: 'Notify MAS of a relevant incident as soon as possible, and not later than 1 hour upon its discovery',
    clock: { basis: 'hours', hours: 1, nonWorkingDayRelief: 'never' }, clockStart: 'discovery: the first alert on a provider of a disrupted critical operation (t_detect)', notificationKey: 'SG-MAS-TRM-NOTIFY',
    verification: 'S', sourceUrl: SOURCES.masNotice644,
  },
  {
    id: 'SG-MAS-TRM-RCA', regime: 'mas_trm', regulator: 'MAS', jurisdiction: 'SG',
    obligation: 'Submit a root-cause and impact analysis report within 14 days of the discovery of the relevant incident',
    clock: { basis: 'hours', hours: 14 * 24, nonWorkingDayRelief: 'never' }, clockStart: 'discovery (t_detect); 14 days counted as 14 × 24 elapsed hours', notificationKey: 'SG-MAS-TRM-RCA',
    verification: 'S', sourceUrl: SOURCES.masNotice644,
  },
  {
    id: 'EU-DORA-INITIAL-4H', regime: 'eu_dora', regulator: 'EU competent authority', jurisdiction: 'EU',
    obligation: 'Initial notification of a major ICT-related incident within 4 hours of its classification as major (2025/301 Art. 5(1)(a))',
    clock: { basis: 'hours', hours: 4, nonWorkingDayRelief: 'unless_excluded' }, clockStart: 'classification as major: when the criteria were met, or awareness + materiality_assessment_delay if later', notificationKey: 'EU-DORA-INITIAL',
    verification: 'S', sourceUrl: SOURCES.doraRts301,
  },
  {
    id: 'EU-DORA-INITIAL-24H', regime: 'eu_dora', regulator: 'EU competent authority', jurisdiction: 'EU',
    obligation: 'Initial notification no later than 24 hours after becoming aware of the incident (2025/301 Art. 5(1)(a); the same report as EU-DORA-INITIAL-4H)',
    clock: { basis: 'hours', hours: 24, nonWorkingDayRelief: 'unless_excluded' }, clockStart: 'awareness: the first alert on a provider of a disrupted critical operation (t_detect)', notificationKey: 'EU-DORA-INITIAL',
    verification: 'S', sourceUrl: SOURCES.doraRts301,
  },
  {
    id: 'EU-DORA-INTERMEDIATE', regime: 'eu_dora', regulator: 'EU competent authority', jurisdiction: 'EU',
    obligation: 'Intermediate report within 72 hours of the submission of the initial notification (2025/301 Art. 5(1)(b))',
    clock: { basis: 'hours', hours: 72, nonWorkingDayRelief: 'unless_excluded' }, clockStart: 'the initial notification: submitted (resilience.notifications) or, if not submitted in the drill, its deadline', notificationKey: 'EU-DORA-INTERMEDIATE',
    verification: 'S', sourceUrl: SOURCES.doraRts301,
  },
  {
    id: 'EU-DORA-FINAL', regime: 'eu_dora', regulator: 'EU competent authority', jurisdiction: 'EU',
    obligation: 'Final report no later than one month after the intermediate report (2025/301 Art. 5(1)(c))',
    clock: { basis: 'months', months: 1, nonWorkingDayRelief: 'always' }, clockStart: 'the intermediate report: submitted or, if not submitted in the drill, its deadline', notificationKey: 'EU-DORA-FINAL',
    verification: 'S', sourceUrl: SOURCES.doraRts301,
  },
  {
    id: 'US-BANKING-36H', regime: 'us_banking', regulator: 'Primary federal regulator (OCC / FRB / FDIC)', jurisdiction: 'US',
    obligation: 'Notify the primary federal regulator of a notification incident as soon as possible and no later than 36 hours after determining it occurred',
    clock: { basis: 'hours', hours: 36, nonWorkingDayRelief: 'never' }, clockStart: 'determination: awareness (t_detect) + materiality_assessment_delay', notificationKey: 'US-BANKING-36H',
    verification: 'S', sourceUrl: SOURCES.us53,
  },
];

/** Keys `resilience.notifications` accepts for the regime rows (the compliance rules' ids are accepted too). */
export const REGIME_NOTIFICATION_KEYS: readonly string[] = [...new Set(REGIME_RULES.map((r) => r.notificationKey))];

/**
 * IANA time zone of each EEA member state's capital (DORA applies in the EEA): the member state's
 * civil time decides whether a deadline falls on a weekend or bank holiday.
 */
export const EEA_TIME_ZONES: Readonly<Record<string, string>> = {
  AT: 'Europe/Vienna', BE: 'Europe/Brussels', BG: 'Europe/Sofia', HR: 'Europe/Zagreb', CY: 'Asia/Nicosia', CZ: 'Europe/Prague',
  DK: 'Europe/Copenhagen', EE: 'Europe/Tallinn', FI: 'Europe/Helsinki', FR: 'Europe/Paris', DE: 'Europe/Berlin', GR: 'Europe/Athens',
  HU: 'Europe/Budapest', IE: 'Europe/Dublin', IT: 'Europe/Rome', LV: 'Europe/Riga', LT: 'Europe/Vilnius', LU: 'Europe/Luxembourg',
  MT: 'Europe/Malta', NL: 'Europe/Amsterdam', PL: 'Europe/Warsaw', PT: 'Europe/Lisbon', RO: 'Europe/Bucharest', SK: 'Europe/Bratislava',
  SI: 'Europe/Ljubljana', ES: 'Europe/Madrid', SE: 'Europe/Stockholm', IS: 'Atlantic/Reykjavik', LI: 'Europe/Vaduz', NO: 'Europe/Oslo',
};

/** DORA Art. 9 thresholds (Delegated Regulation (EU) 2024/1772), in one place. */
export const DORA_THRESHOLDS = {
  clientsSharePct: 10,
  clientsAbsolute: 100_000,
  counterpartsSharePct: 30,
  transactionsSharePct: 10,
  valueSharePct: 10,
  durationHours: 24,
  downtimeHours: 2,
  memberStates: 2,
  economicImpactEur: '100000',
} as const;

/** MAS TRM Notice ceilings for a critical system. */
export const MAS_LIMITS = { rtoHours: 4, downtimeHoursPer12Months: 4 } as const;
