import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { agencyToday } from '../lib/dates';
import { DeadlineBadge, ErrorBox, Pager, StatusBadge, formatCount } from './ui';

afterEach(cleanup);

function shift(days: number): string {
  const [y, m, d] = agencyToday().split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

describe('DeadlineBadge', () => {
  it('shows the date and the days left', () => {
    const deadline = shift(2);
    render(<DeadlineBadge deadline={deadline} />);
    expect(screen.getByText(/còn 2 ngày/).parentElement?.textContent).toBe(
      `${deadline.split('-').reverse().join('/')} (còn 2 ngày)`,
    );
  });
  it('shows an overdue deadline as such', () => {
    render(<DeadlineBadge deadline={shift(-3)} />);
    expect(screen.getByText(/quá hạn 3 ngày/).parentElement?.className).toContain('deadline-overdue');
  });
  it('shows only the date once the work is done', () => {
    render(<DeadlineBadge deadline={shift(-3)} done />);
    expect(screen.queryByText(/quá hạn/)).toBeNull();
  });
});

describe('ErrorBox', () => {
  it('is announced as an alert', () => {
    render(<ErrorBox message="Tên đăng nhập hoặc mật khẩu không đúng." />);
    expect(screen.getByRole('alert').textContent).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
  });
  it('renders nothing without a message', () => {
    const { container } = render(<ErrorBox message={null} />);
    expect(container.textContent).toBe('');
  });
});

describe('StatusBadge', () => {
  it('names the state in Vietnamese', () => {
    render(<StatusBadge status="signed" />);
    expect(screen.getByText('Đã ký, chờ cấp số')).toBeTruthy();
  });
});

describe('capped counts', () => {
  it('reads "hơn 10.000" when the API stopped counting, the figure otherwise', () => {
    expect(formatCount(10_001, true)).toBe('hơn 10.000');
    expect(formatCount(10_215)).toBe('10.215');
    expect(formatCount(7)).toBe('7');
  });
  it('pages on past a capped total without claiming a last page', () => {
    render(<Pager page={501} pageSize={20} total={10_001} totalCapped onPage={() => {}} />);
    expect(screen.getByText(/văn bản/).textContent).toBe('Trang 501 · hơn 10.000 văn bản');
    expect(screen.getByRole('button', { name: /Trang sau/ })).toHaveProperty('disabled', false);
  });
  it('stops at the last page of an exact total', () => {
    render(<Pager page={2} pageSize={20} total={40} onPage={() => {}} />);
    expect(screen.getByText(/văn bản/).textContent).toBe('Trang 2/2 · 40 văn bản');
    expect(screen.getByRole('button', { name: /Trang sau/ })).toHaveProperty('disabled', true);
  });
});
