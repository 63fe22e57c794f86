/**
 * Figures as a Vietnamese report writes them: "85,7%", "2,5 ngày", and the bar lengths of the on-time chart.
 * Kept apart from the screens so the rounding and the "no data" cases are tested once.
 */

const oneDecimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1, minimumFractionDigits: 0 });

/** `0.857` → "85,7%"; no rate (nothing finished or overdue yet) → "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate == null || Number.isNaN(rate)) return '—';
  return `${oneDecimal.format(Math.min(1, Math.max(0, rate)) * 100)}%`;
}

/** `2.5` → "2,5 ngày"; no completed document → "—". */
export function formatDays(days: number | null | undefined): string {
  if (days == null || Number.isNaN(days)) return '—';
  return `${oneDecimal.format(days)} ngày`;
}

/** The width of a rate's bar in percent of the track, never negative nor beyond the track. */
export function barWidth(rate: number | null | undefined): number {
  if (rate == null || Number.isNaN(rate)) return 0;
  return Math.round(Math.min(1, Math.max(0, rate)) * 1000) / 10;
}

/** The tone of a rate: the chart colours below 50% red, below 80% amber, else green. */
export function rateTone(rate: number | null | undefined): 'none' | 'low' | 'mid' | 'high' {
  if (rate == null || Number.isNaN(rate)) return 'none';
  if (rate < 0.5) return 'low';
  if (rate < 0.8) return 'mid';
  return 'high';
}

/** The export link of a register (the API's `export_path`) for a format and an optional period. */
export function exportUrl(
  exportPath: string,
  format: 'xlsx' | 'pdf',
  period: { from?: string; to?: string } = {},
): string {
  const query = new URLSearchParams({ format });
  if (period.from) query.set('from', period.from);
  if (period.to) query.set('to', period.to);
  return `${exportPath}?${query.toString()}`;
}

/** "3 thông báo chưa đọc" for the bell's accessible name; "99+" on the badge itself. */
export function unreadBadge(count: number): { text: string; label: string } {
  if (count <= 0) return { text: '', label: 'Thông báo: không có thông báo chưa đọc' };
  return { text: count > 99 ? '99+' : String(count), label: `Thông báo: ${count} thông báo chưa đọc` };
}
