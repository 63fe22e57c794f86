import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { HandlingToolbar, toolbarFor, type Action } from './HandlingActions';

afterEach(cleanup);

function detailWith(actions: Action[]): Schemas['IncomingDetail'] {
  return { id: 1, actions, extensions: [], assignments: [], notes: [], files: [] } as unknown as Schemas['IncomingDetail'];
}

function buttons(actions: Action[]): string[] {
  render(<HandlingToolbar detail={detailWith(actions)} onAssign={() => {}} onDone={() => {}} onError={() => {}} />);
  return screen.queryAllByRole('button').map((b) => b.textContent ?? '');
}

describe('HandlingToolbar', () => {
  it('draws exactly the actions the API lists, in the office order', () => {
    expect(buttons(['note', 'complete', 'return', 'forward', 'request_extension'])).toEqual([
      'Chuyển xử lý',
      'Xin gia hạn',
      'Trả lại',
      'Hoàn thành',
    ]);
  });
  it('gives an informed reader "đã xem" and never "hoàn thành"', () => {
    expect(buttons(['mark_seen', 'note'])).toEqual(['Đánh dấu đã xem']);
  });
  it('gives the văn thư "trình lãnh đạo" before "phân công"', () => {
    expect(buttons(['assign', 'present', 'note', 'recall'])).toEqual(['Trình lãnh đạo', 'Phân công']);
  });
  it('gives a leader one button for his direction and the assignments it decides', () => {
    expect(buttons(['assign', 'direct', 'complete', 'note'])).toEqual(['Cho ý kiến chỉ đạo', 'Hoàn thành']);
  });
  it('lets a cooperating unit send its part to the main handler', () => {
    expect(buttons(['forward', 'return', 'contribute', 'request_extension', 'note'])).toEqual([
      'Chuyển xử lý',
      'Gửi ý kiến phối hợp',
      'Xin gia hạn',
      'Trả lại',
    ]);
  });
  it('draws nothing for a completed document', () => {
    expect(buttons([])).toEqual([]);
  });
  it('leaves per-row and per-request actions out of the toolbar', () => {
    expect(toolbarFor(['take_back', 'decide_extension', 'note', 'recall'])).toEqual([]);
  });
});
