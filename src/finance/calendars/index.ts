/**
 * Public-holiday calendars for every Australian state and territory and New Zealand
 * (national and regional anniversary days), 2025–2028, with business-day, working-day and
 * calendar-day arithmetic. Pure: data is compiled in, dates are civil dates in the calendar's zone.
 */
export * from './civil-date.js';
export * from './holiday-rules.js';
export * from './types.js';
export * from './registry.js';
export {
  addBusinessDays,
  addElapsedHours,
  addWorkingDays,
  DEFAULT_NZ_WORKING_DAY_RULE,
  dueDateDeadlineUtc,
  holidaysOn,
  isBusinessDay,
  isInNzChristmasPeriod,
  isWorkingDay,
  localDateIn,
  rollToBusinessDay,
  withinDaysAfter,
  type BusinessDayOptions,
  type NzWorkingDayRule,
} from './business-days.js';
