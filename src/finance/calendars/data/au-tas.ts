// Literal holiday data (generated once from the rules in ../holiday-rules.ts, then reviewed).
// The unit tests re-derive the Easter dates, weekday rules and substitutes from those rules
// and spot-check known dates. Entries marked `verify: true` were not checked against the
// official source; see docs/compliance.md.
import type { HolidayCalendar } from '../types.js';

/** Tasmania: holidays 2025–2028. */
export const AU_TAS: HolidayCalendar = {
  id: 'AU-TAS',
  name: 'Tasmania',
  country: 'AU',
  timeZone: 'Australia/Hobart',
  years: [2025, 2028],
  note: 'Local show days (Hobart, Launceston and others) are not included.',
  sources: [
    { name: 'Public holidays (WorkSafe Tasmania)', url: 'https://worksafe.tas.gov.au/topics/laws-and-compliance/public-holidays' },
    { name: 'Statutory Holidays Act 2000 (Tas)', url: 'https://www.legislation.tas.gov.au/view/html/inforce/current/act-2000-096' },
  ],
  holidays: [
    { date: '2025-01-01', name: 'New Year\'s Day', kind: 'public' },
    { date: '2025-01-26', name: 'Australia Day', kind: 'public' },
    { date: '2025-01-27', name: 'Australia Day (observed)', kind: 'substitute', observedFor: '2025-01-26' },
    { date: '2025-02-10', name: 'Royal Hobart Regatta', kind: 'regional', region: 'Southern Tasmania' },
    { date: '2025-03-10', name: 'Eight Hours Day', kind: 'public' },
    { date: '2025-04-18', name: 'Good Friday', kind: 'public' },
    { date: '2025-04-21', name: 'Easter Monday', kind: 'public' },
    { date: '2025-04-22', name: 'Easter Tuesday', kind: 'restricted', note: 'Generally for the State Service and some awards only.' },
    { date: '2025-04-25', name: 'Anzac Day', kind: 'public' },
    { date: '2025-06-09', name: 'King\'s Birthday', kind: 'public' },
    { date: '2025-11-03', name: 'Recreation Day', kind: 'regional', region: 'Northern Tasmania (areas without Royal Hobart Regatta)' },
    { date: '2025-12-25', name: 'Christmas Day', kind: 'public' },
    { date: '2025-12-26', name: 'Boxing Day', kind: 'public' },
    { date: '2026-01-01', name: 'New Year\'s Day', kind: 'public' },
    { date: '2026-01-26', name: 'Australia Day', kind: 'public' },
    { date: '2026-02-09', name: 'Royal Hobart Regatta', kind: 'regional', region: 'Southern Tasmania' },
    { date: '2026-03-09', name: 'Eight Hours Day', kind: 'public' },
    { date: '2026-04-03', name: 'Good Friday', kind: 'public' },
    { date: '2026-04-06', name: 'Easter Monday', kind: 'public' },
    { date: '2026-04-07', name: 'Easter Tuesday', kind: 'restricted', note: 'Generally for the State Service and some awards only.' },
    { date: '2026-04-25', name: 'Anzac Day', kind: 'public', verify: true, note: 'Falls on a weekend; no substitute day recorded.' },
    { date: '2026-06-08', name: 'King\'s Birthday', kind: 'public' },
    { date: '2026-11-02', name: 'Recreation Day', kind: 'regional', region: 'Northern Tasmania (areas without Royal Hobart Regatta)' },
    { date: '2026-12-25', name: 'Christmas Day', kind: 'public' },
    { date: '2026-12-26', name: 'Boxing Day', kind: 'public' },
    { date: '2026-12-28', name: 'Boxing Day (additional day)', kind: 'substitute', observedFor: '2026-12-26' },
    { date: '2027-01-01', name: 'New Year\'s Day', kind: 'public' },
    { date: '2027-01-26', name: 'Australia Day', kind: 'public' },
    { date: '2027-02-08', name: 'Royal Hobart Regatta', kind: 'regional', region: 'Southern Tasmania' },
    { date: '2027-03-08', name: 'Eight Hours Day', kind: 'public' },
    { date: '2027-03-26', name: 'Good Friday', kind: 'public' },
    { date: '2027-03-29', name: 'Easter Monday', kind: 'public' },
    { date: '2027-03-30', name: 'Easter Tuesday', kind: 'restricted', note: 'Generally for the State Service and some awards only.' },
    { date: '2027-04-25', name: 'Anzac Day', kind: 'public', verify: true, note: 'Falls on a weekend; no substitute day recorded.' },
    { date: '2027-06-14', name: 'King\'s Birthday', kind: 'public' },
    { date: '2027-11-01', name: 'Recreation Day', kind: 'regional', region: 'Northern Tasmania (areas without Royal Hobart Regatta)' },
    { date: '2027-12-25', name: 'Christmas Day', kind: 'public' },
    { date: '2027-12-26', name: 'Boxing Day', kind: 'public' },
    { date: '2027-12-27', name: 'Christmas Day (additional day)', kind: 'substitute', observedFor: '2027-12-25' },
    { date: '2027-12-28', name: 'Boxing Day (additional day)', kind: 'substitute', observedFor: '2027-12-26' },
    { date: '2028-01-01', name: 'New Year\'s Day', kind: 'public' },
    { date: '2028-01-03', name: 'New Year\'s Day (additional day)', kind: 'substitute', observedFor: '2028-01-01', verify: true },
    { date: '2028-01-26', name: 'Australia Day', kind: 'public' },
    { date: '2028-02-14', name: 'Royal Hobart Regatta', kind: 'regional', region: 'Southern Tasmania' },
    { date: '2028-03-13', name: 'Eight Hours Day', kind: 'public' },
    { date: '2028-04-14', name: 'Good Friday', kind: 'public' },
    { date: '2028-04-17', name: 'Easter Monday', kind: 'public' },
    { date: '2028-04-18', name: 'Easter Tuesday', kind: 'restricted', note: 'Generally for the State Service and some awards only.' },
    { date: '2028-04-25', name: 'Anzac Day', kind: 'public' },
    { date: '2028-06-12', name: 'King\'s Birthday', kind: 'public' },
    { date: '2028-11-06', name: 'Recreation Day', kind: 'regional', region: 'Northern Tasmania (areas without Royal Hobart Regatta)' },
    { date: '2028-12-25', name: 'Christmas Day', kind: 'public' },
    { date: '2028-12-26', name: 'Boxing Day', kind: 'public' },
  ],
};

/** Tasmania — South (Royal Hobart Regatta): holidays 2025–2028 (in addition to AU-TAS). */
export const AU_TAS_S: HolidayCalendar = {
  id: 'AU-TAS-S',
  name: 'Tasmania — South (Royal Hobart Regatta)',
  country: 'AU',
  timeZone: 'Australia/Hobart',
  years: [2025, 2028],
  parent: 'AU-TAS',
  sources: [
    { name: 'Public holidays (WorkSafe Tasmania)', url: 'https://worksafe.tas.gov.au/topics/laws-and-compliance/public-holidays' },
  ],
  holidays: [
    { date: '2025-02-10', name: 'Royal Hobart Regatta', kind: 'public', region: 'Southern Tasmania' },
    { date: '2026-02-09', name: 'Royal Hobart Regatta', kind: 'public', region: 'Southern Tasmania' },
    { date: '2027-02-08', name: 'Royal Hobart Regatta', kind: 'public', region: 'Southern Tasmania' },
    { date: '2028-02-14', name: 'Royal Hobart Regatta', kind: 'public', region: 'Southern Tasmania' },
  ],
};

/** Tasmania — North (Recreation Day): holidays 2025–2028 (in addition to AU-TAS). */
export const AU_TAS_N: HolidayCalendar = {
  id: 'AU-TAS-N',
  name: 'Tasmania — North (Recreation Day)',
  country: 'AU',
  timeZone: 'Australia/Hobart',
  years: [2025, 2028],
  parent: 'AU-TAS',
  sources: [
    { name: 'Public holidays (WorkSafe Tasmania)', url: 'https://worksafe.tas.gov.au/topics/laws-and-compliance/public-holidays' },
  ],
  holidays: [
    { date: '2025-11-03', name: 'Recreation Day', kind: 'public', region: 'Northern Tasmania' },
    { date: '2026-11-02', name: 'Recreation Day', kind: 'public', region: 'Northern Tasmania' },
    { date: '2027-11-01', name: 'Recreation Day', kind: 'public', region: 'Northern Tasmania' },
    { date: '2028-11-06', name: 'Recreation Day', kind: 'public', region: 'Northern Tasmania' },
  ],
};
