// Literal holiday data (generated once from the rules in ../holiday-rules.ts, then reviewed).
// The unit tests re-derive the Easter dates, weekday rules and substitutes from those rules
// and spot-check known dates. Entries marked `verify: true` were not checked against the
// official source; see docs/compliance.md.
import type { HolidayCalendar } from '../types.js';

/** New Zealand — Wellington: holidays 2025–2028 (in addition to NZ). */
export const NZ_WGN: HolidayCalendar = {
  id: 'NZ-WGN',
  name: 'New Zealand — Wellington',
  country: 'NZ',
  timeZone: 'Pacific/Auckland',
  years: [2025, 2028],
  parent: 'NZ',
  sources: [
    { name: 'Public holidays and anniversary dates (Employment New Zealand)', url: 'https://www.employment.govt.nz/leave-and-holidays/public-holidays/public-holidays-and-anniversary-dates' },
  ],
  holidays: [
    { date: '2025-01-20', name: 'Wellington Anniversary Day', kind: 'public', region: 'Wellington' },
    { date: '2026-01-19', name: 'Wellington Anniversary Day', kind: 'public', region: 'Wellington' },
    { date: '2027-01-25', name: 'Wellington Anniversary Day', kind: 'public', region: 'Wellington' },
    { date: '2028-01-24', name: 'Wellington Anniversary Day', kind: 'public', region: 'Wellington' },
  ],
};

/** New Zealand — Auckland: holidays 2025–2028 (in addition to NZ). */
export const NZ_AKL: HolidayCalendar = {
  id: 'NZ-AKL',
  name: 'New Zealand — Auckland',
  country: 'NZ',
  timeZone: 'Pacific/Auckland',
  years: [2025, 2028],
  parent: 'NZ',
  sources: [
    { name: 'Public holidays and anniversary dates (Employment New Zealand)', url: 'https://www.employment.govt.nz/leave-and-holidays/public-holidays/public-holidays-and-anniversary-dates' },
  ],
  holidays: [
    { date: '2025-01-27', name: 'Auckland Anniversary Day', kind: 'public', region: 'Auckland', note: 'Also observed in Northland, Waikato, Bay of Plenty and Gisborne.' },
    { date: '2026-01-26', name: 'Auckland Anniversary Day', kind: 'public', region: 'Auckland', note: 'Also observed in Northland, Waikato, Bay of Plenty and Gisborne.' },
    { date: '2027-02-01', name: 'Auckland Anniversary Day', kind: 'public', region: 'Auckland', note: 'Also observed in Northland, Waikato, Bay of Plenty and Gisborne.' },
    { date: '2028-01-31', name: 'Auckland Anniversary Day', kind: 'public', region: 'Auckland', note: 'Also observed in Northland, Waikato, Bay of Plenty and Gisborne.' },
  ],
};

/** New Zealand — Nelson: holidays 2025–2028 (in addition to NZ). */
export const NZ_NSN: HolidayCalendar = {
  id: 'NZ-NSN',
  name: 'New Zealand — Nelson',
  country: 'NZ',
  timeZone: 'Pacific/Auckland',
  years: [2025, 2028],
  parent: 'NZ',
  sources: [
    { name: 'Public holidays and anniversary dates (Employment New Zealand)', url: 'https://www.employment.govt.nz/leave-and-holidays/public-holidays/public-holidays-and-anniversary-dates' },
  ],
  holidays: [
    { date: '2025-02-03', name: 'Nelson Anniversary Day', kind: 'public', region: 'Nelson', verify: true },
    { date: '2026-02-02', name: 'Nelson Anniversary Day', kind: 'public', region: 'Nelson', verify: true },
    { date: '2027-02-01', name: 'Nelson Anniversary Day', kind: 'public', region: 'Nelson', verify: true },
    { date: '2028-01-31', name: 'Nelson Anniversary Day', kind: 'public', region: 'Nelson', verify: true },
  ],
};

/** New Zealand — Taranaki: holidays 2025–2028 (in addition to NZ). */
export const NZ_TKI: HolidayCalendar = {
  id: 'NZ-TKI',
  name: 'New Zealand — Taranaki',
  country: 'NZ',
  timeZone: 'Pacific/Auckland',
  years: [2025, 2028],
  parent: 'NZ',
  sources: [
    { name: 'Public holidays and anniversary dates (Employment New Zealand)', url: 'https://www.employment.govt.nz/leave-and-holidays/public-holidays/public-holidays-and-anniversary-dates' },
  ],
  holidays: [
    { date: '2025-03-10', name: 'Taranaki Anniversary Day', kind: 'public', region: 'Taranaki', verify: true },
    { date: '2026-03-09', name: 'Taranaki Anniversary Day', kind: 'public', region: 'Taranaki', verify: true },
    { date: '2027-03-08', name: 'Taranaki Anniversary Day', kind: 'public', region: 'Taranaki', verify: true },
    { date: '2028-03-13', name: 'Taranaki Anniversary Day', kind: 'public', region: 'Taranaki', verify: true },
  ],
};

/** New Zealand — Otago: holidays 2025–2028 (in addition to NZ). */
export const NZ_OTA: HolidayCalendar = {
  id: 'NZ-OTA',
  name: 'New Zealand — Otago',
  country: 'NZ',
  timeZone: 'Pacific/Auckland',
  years: [2025, 2028],
  parent: 'NZ',
  sources: [
    { name: 'Public holidays and anniversary dates (Employment New Zealand)', url: 'https://www.employment.govt.nz/leave-and-holidays/public-holidays/public-holidays-and-anniversary-dates' },
  ],
  holidays: [
    { date: '2025-03-24', name: 'Otago Anniversary Day', kind: 'public', region: 'Otago', verify: true },
    { date: '2026-03-23', name: 'Otago Anniversary Day', kind: 'public', region: 'Otago', verify: true },
    { date: '2027-03-22', name: 'Otago Anniversary Day', kind: 'public', region: 'Otago', verify: true },
    { date: '2028-03-20', name: 'Otago Anniversary Day', kind: 'public', region: 'Otago', verify: true },
  ],
};

/** New Zealand — Southland: holidays 2025–2028 (in addition to NZ). */
export const NZ_STL: HolidayCalendar = {
  id: 'NZ-STL',
  name: 'New Zealand — Southland',
  country: 'NZ',
  timeZone: 'Pacific/Auckland',
  years: [2025, 2028],
  parent: 'NZ',
  sources: [
    { name: 'Public holidays and anniversary dates (Employment New Zealand)', url: 'https://www.employment.govt.nz/leave-and-holidays/public-holidays/public-holidays-and-anniversary-dates' },
  ],
  holidays: [
    { date: '2025-04-22', name: 'Southland Anniversary Day', kind: 'public', region: 'Southland', verify: true, note: 'Observed on Easter Tuesday.' },
    { date: '2026-04-07', name: 'Southland Anniversary Day', kind: 'public', region: 'Southland', verify: true, note: 'Observed on Easter Tuesday.' },
    { date: '2027-03-30', name: 'Southland Anniversary Day', kind: 'public', region: 'Southland', verify: true, note: 'Observed on Easter Tuesday.' },
    { date: '2028-04-18', name: 'Southland Anniversary Day', kind: 'public', region: 'Southland', verify: true, note: 'Observed on Easter Tuesday.' },
  ],
};

/** New Zealand — Hawke's Bay: holidays 2025–2028 (in addition to NZ). */
export const NZ_HKB: HolidayCalendar = {
  id: 'NZ-HKB',
  name: 'New Zealand — Hawke\'s Bay',
  country: 'NZ',
  timeZone: 'Pacific/Auckland',
  years: [2025, 2028],
  parent: 'NZ',
  sources: [
    { name: 'Public holidays and anniversary dates (Employment New Zealand)', url: 'https://www.employment.govt.nz/leave-and-holidays/public-holidays/public-holidays-and-anniversary-dates' },
  ],
  holidays: [
    { date: '2025-10-24', name: 'Hawke\'s Bay Anniversary Day', kind: 'public', region: 'Hawke\'s Bay', verify: true, note: 'Friday before Labour Day.' },
    { date: '2026-10-23', name: 'Hawke\'s Bay Anniversary Day', kind: 'public', region: 'Hawke\'s Bay', verify: true, note: 'Friday before Labour Day.' },
    { date: '2027-10-22', name: 'Hawke\'s Bay Anniversary Day', kind: 'public', region: 'Hawke\'s Bay', verify: true, note: 'Friday before Labour Day.' },
    { date: '2028-10-20', name: 'Hawke\'s Bay Anniversary Day', kind: 'public', region: 'Hawke\'s Bay', verify: true, note: 'Friday before Labour Day.' },
  ],
};

/** New Zealand — Marlborough: holidays 2025–2028 (in addition to NZ). */
export const NZ_MBH: HolidayCalendar = {
  id: 'NZ-MBH',
  name: 'New Zealand — Marlborough',
  country: 'NZ',
  timeZone: 'Pacific/Auckland',
  years: [2025, 2028],
  parent: 'NZ',
  sources: [
    { name: 'Public holidays and anniversary dates (Employment New Zealand)', url: 'https://www.employment.govt.nz/leave-and-holidays/public-holidays/public-holidays-and-anniversary-dates' },
  ],
  holidays: [
    { date: '2025-11-03', name: 'Marlborough Anniversary Day', kind: 'public', region: 'Marlborough', verify: true, note: 'First Monday after Labour Day.' },
    { date: '2026-11-02', name: 'Marlborough Anniversary Day', kind: 'public', region: 'Marlborough', verify: true, note: 'First Monday after Labour Day.' },
    { date: '2027-11-01', name: 'Marlborough Anniversary Day', kind: 'public', region: 'Marlborough', verify: true, note: 'First Monday after Labour Day.' },
    { date: '2028-10-30', name: 'Marlborough Anniversary Day', kind: 'public', region: 'Marlborough', verify: true, note: 'First Monday after Labour Day.' },
  ],
};

/** New Zealand — Canterbury (Christchurch): holidays 2025–2028 (in addition to NZ). */
export const NZ_CAN: HolidayCalendar = {
  id: 'NZ-CAN',
  name: 'New Zealand — Canterbury (Christchurch)',
  country: 'NZ',
  timeZone: 'Pacific/Auckland',
  years: [2025, 2028],
  parent: 'NZ',
  sources: [
    { name: 'Public holidays and anniversary dates (Employment New Zealand)', url: 'https://www.employment.govt.nz/leave-and-holidays/public-holidays/public-holidays-and-anniversary-dates' },
  ],
  holidays: [
    { date: '2025-11-14', name: 'Canterbury Anniversary Day (Show Day)', kind: 'public', region: 'Canterbury (Christchurch)', verify: true, note: 'Second Friday after the first Tuesday of November.' },
    { date: '2026-11-13', name: 'Canterbury Anniversary Day (Show Day)', kind: 'public', region: 'Canterbury (Christchurch)', verify: true, note: 'Second Friday after the first Tuesday of November.' },
    { date: '2027-11-12', name: 'Canterbury Anniversary Day (Show Day)', kind: 'public', region: 'Canterbury (Christchurch)', verify: true, note: 'Second Friday after the first Tuesday of November.' },
    { date: '2028-11-17', name: 'Canterbury Anniversary Day (Show Day)', kind: 'public', region: 'Canterbury (Christchurch)', verify: true, note: 'Second Friday after the first Tuesday of November.' },
  ],
};

/** New Zealand — Westland: holidays 2025–2028 (in addition to NZ). */
export const NZ_WTC: HolidayCalendar = {
  id: 'NZ-WTC',
  name: 'New Zealand — Westland',
  country: 'NZ',
  timeZone: 'Pacific/Auckland',
  years: [2025, 2028],
  parent: 'NZ',
  sources: [
    { name: 'Public holidays and anniversary dates (Employment New Zealand)', url: 'https://www.employment.govt.nz/leave-and-holidays/public-holidays/public-holidays-and-anniversary-dates' },
  ],
  holidays: [
    { date: '2025-12-01', name: 'Westland Anniversary Day', kind: 'public', region: 'Westland', verify: true, note: 'Some local areas observe other days.' },
    { date: '2026-11-30', name: 'Westland Anniversary Day', kind: 'public', region: 'Westland', verify: true, note: 'Some local areas observe other days.' },
    { date: '2027-11-29', name: 'Westland Anniversary Day', kind: 'public', region: 'Westland', verify: true, note: 'Some local areas observe other days.' },
    { date: '2028-12-04', name: 'Westland Anniversary Day', kind: 'public', region: 'Westland', verify: true, note: 'Some local areas observe other days.' },
  ],
};

/** New Zealand — Chatham Islands: holidays 2025–2028 (in addition to NZ). */
export const NZ_CIT: HolidayCalendar = {
  id: 'NZ-CIT',
  name: 'New Zealand — Chatham Islands',
  country: 'NZ',
  timeZone: 'Pacific/Chatham',
  years: [2025, 2028],
  parent: 'NZ',
  sources: [
    { name: 'Public holidays and anniversary dates (Employment New Zealand)', url: 'https://www.employment.govt.nz/leave-and-holidays/public-holidays/public-holidays-and-anniversary-dates' },
  ],
  holidays: [
    { date: '2025-12-01', name: 'Chatham Islands Anniversary Day', kind: 'public', region: 'Chatham Islands', verify: true },
    { date: '2026-11-30', name: 'Chatham Islands Anniversary Day', kind: 'public', region: 'Chatham Islands', verify: true },
    { date: '2027-11-29', name: 'Chatham Islands Anniversary Day', kind: 'public', region: 'Chatham Islands', verify: true },
    { date: '2028-11-27', name: 'Chatham Islands Anniversary Day', kind: 'public', region: 'Chatham Islands', verify: true },
  ],
};
