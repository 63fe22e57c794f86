/**
 * Dates as Vietnamese offices write them, and deadlines as people say them.
 *
 * API dates are ISO (`YYYY-MM-DD`) and are read as calendar days, never through the browser's time zone, so
 * "05/03/2020" stays the 5th wherever the browser is. Timestamps are shown in the agency's zone
 * (Asia/Ho_Chi_Minh).
 */

export const AGENCY_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface CalendarDay {
  year: number;
  month: number; // 1-12
  day: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2020-03-05` (or a full ISO timestamp, read in the agency's zone) as a calendar day. */
export function calendarDay(value: string): CalendarDay {
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) return { year: Number(plain[1]), month: Number(plain[2]), day: Number(plain[3]) };
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`Ngày không hợp lệ: ${value}`);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: AGENCY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** "05/03/2020". */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const d = calendarDay(value);
  return `${pad(d.day)}/${pad(d.month)}/${d.year}`;
}

/**
 * "ngày 05 tháng 3 năm 2020": days below 10 and the months 1 and 2 take a leading zero (Nghị định 30/2020,
 * so that nobody can add a digit in front), other months do not.
 */
export function formatLongDate(value: string | null | undefined): string {
  if (!value) return '';
  const d = calendarDay(value);
  const month = d.month <= 2 ? pad(d.month) : String(d.month);
  return `ngày ${pad(d.day)} tháng ${month} năm ${d.year}`;
}

/** "05/03/2020 14:07" in the agency's zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: AGENCY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

/** Today's calendar day in the agency's zone, as `YYYY-MM-DD`. */
export function agencyToday(now: Date = new Date()): string {
  const d = calendarDay(now.toISOString());
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

function dayNumber(d: CalendarDay): number {
  return Math.round(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
}

export type DeadlineTone = 'ok' | 'soon' | 'today' | 'overdue';

export interface DeadlineState {
  text: string;
  tone: DeadlineTone;
  daysLeft: number;
}

/** Days left as the API counted them for the agency (`days_left`, `days_counted`), in working days or not. */
export interface CountedDays {
  daysLeft: number | null | undefined;
  working: boolean;
}

/**
 * "còn 2 ngày", "hạn hôm nay", "quá hạn 3 ngày"; `soon` when two days or fewer remain. With the API's count
 * for an agency that counts working days: "còn 2 ngày làm việc" (weekends and holidays left out, so the
 * browser cannot work it out alone); without one, calendar days from the dates.
 */
export function deadlineState(deadline: string, today: string = agencyToday(), counted?: CountedDays): DeadlineState {
  const given = counted?.daysLeft;
  const daysLeft = given ?? dayNumber(calendarDay(deadline)) - dayNumber(calendarDay(today));
  const unit = given != null && counted?.working ? 'ngày làm việc' : 'ngày';
  if (daysLeft < 0) return { text: `quá hạn ${-daysLeft} ${unit}`, tone: 'overdue', daysLeft };
  if (daysLeft === 0) return { text: 'hạn hôm nay', tone: 'today', daysLeft };
  return { text: `còn ${daysLeft} ${unit}`, tone: daysLeft <= 2 ? 'soon' : 'ok', daysLeft };
}
