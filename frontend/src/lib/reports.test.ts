import { describe, expect, it } from 'vitest';
import { barWidth, exportUrl, formatDays, formatRate, rateTone, unreadBadge } from './reports';

describe('formatRate', () => {
  it('writes a percentage with a decimal comma', () => {
    expect(formatRate(0.857142)).toBe('85,7%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(0)).toBe('0%');
  });
  it('shows a dash when there is nothing to rate', () => {
    expect(formatRate(null)).toBe('—');
  });
});

describe('formatDays', () => {
  it('writes days with a decimal comma', () => {
    expect(formatDays(2.5)).toBe('2,5 ngày');
    expect(formatDays(3)).toBe('3 ngày');
  });
  it('shows a dash without completed documents', () => {
    expect(formatDays(null)).toBe('—');
  });
});

describe('barWidth and rateTone', () => {
  it('keeps the bar inside its track', () => {
    expect(barWidth(0.4567)).toBe(45.7);
    expect(barWidth(1.2)).toBe(100);
    expect(barWidth(-0.1)).toBe(0);
    expect(barWidth(null)).toBe(0);
  });
  it('colours low, middling and high rates differently', () => {
    expect(rateTone(0.3)).toBe('low');
    expect(rateTone(0.5)).toBe('mid');
    expect(rateTone(0.8)).toBe('high');
    expect(rateTone(null)).toBe('none');
  });
});

describe('exportUrl', () => {
  it('adds the format and the period', () => {
    expect(exportUrl('/api/v1/reports/registers/3/export', 'pdf', { from: '2026-01-01', to: '2026-03-31' })).toBe(
      '/api/v1/reports/registers/3/export?format=pdf&from=2026-01-01&to=2026-03-31',
    );
    expect(exportUrl('/api/v1/reports/registers/3/export', 'xlsx')).toBe('/api/v1/reports/registers/3/export?format=xlsx');
  });
});

describe('unreadBadge', () => {
  it('says how many are unread and caps the badge', () => {
    expect(unreadBadge(3)).toEqual({ text: '3', label: 'Thông báo: 3 thông báo chưa đọc' });
    expect(unreadBadge(150).text).toBe('99+');
    expect(unreadBadge(0).text).toBe('');
  });
});
