import { describe, expect, it } from 'vitest';
import { agencyToday, deadlineState, formatDate, formatDateTime, formatLongDate } from './dates';

describe('formatDate', () => {
  it('writes dd/mm/yyyy with leading zeros', () => {
    expect(formatDate('2020-03-05')).toBe('05/03/2020');
    expect(formatDate('2021-12-31')).toBe('31/12/2021');
  });
  it('reads a timestamp in the agency zone (UTC evening is the next day in Việt Nam)', () => {
    expect(formatDate('2020-03-04T18:30:00Z')).toBe('05/03/2020');
  });
  it('shows nothing for a missing date', () => {
    expect(formatDate(null)).toBe('');
  });
});

describe('formatLongDate', () => {
  it('follows Nghị định 30: leading zero for days below 10 and for months 1 and 2 only', () => {
    expect(formatLongDate('2020-03-05')).toBe('ngày 05 tháng 3 năm 2020');
    expect(formatLongDate('2021-02-09')).toBe('ngày 09 tháng 02 năm 2021');
    expect(formatLongDate('2021-01-15')).toBe('ngày 15 tháng 01 năm 2021');
    expect(formatLongDate('2023-11-20')).toBe('ngày 20 tháng 11 năm 2023');
  });
});

describe('formatDateTime', () => {
  it('shows hours and minutes in Asia/Ho_Chi_Minh', () => {
    expect(formatDateTime('2020-03-05T02:07:00Z')).toBe('05/03/2020 09:07');
  });
});

describe('deadlineState', () => {
  it('counts the days left', () => {
    expect(deadlineState('2020-03-07', '2020-03-05')).toEqual({ text: 'còn 2 ngày', tone: 'soon', daysLeft: 2 });
    expect(deadlineState('2020-03-15', '2020-03-05').tone).toBe('ok');
  });
  it('says when it is due today', () => {
    expect(deadlineState('2020-03-05', '2020-03-05').text).toBe('hạn hôm nay');
  });
  it('counts the days overdue, across a month end', () => {
    expect(deadlineState('2020-02-28', '2020-03-02')).toEqual({ text: 'quá hạn 3 ngày', tone: 'overdue', daysLeft: -3 });
  });
  it("uses the API's count in working days across Tết, and the dates when there is none", () => {
    // deadline Friday 13/02/2026, today Tuesday 24/02/2026: 11 days, but only 2 working days after the break
    expect(deadlineState('2026-02-13', '2026-02-24', { daysLeft: -2, working: true })).toEqual({
      text: 'quá hạn 2 ngày làm việc',
      tone: 'overdue',
      daysLeft: -2,
    });
    expect(deadlineState('2026-02-27', '2026-02-24', { daysLeft: 3, working: true }).text).toBe('còn 3 ngày làm việc');
    expect(deadlineState('2026-02-13', '2026-02-24', { daysLeft: null, working: true }).text).toBe('quá hạn 11 ngày');
  });
});

describe('agencyToday', () => {
  it('is the calendar day in Việt Nam, not in UTC', () => {
    expect(agencyToday(new Date('2020-03-04T17:30:00Z'))).toBe('2020-03-05');
    expect(agencyToday(new Date('2020-03-04T16:30:00Z'))).toBe('2020-03-04');
  });
});
