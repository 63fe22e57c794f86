import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { OutsideRecipientList, routeLabel, type Entry } from './OutsideRecipients';

afterEach(cleanup);

function entry(organ_id: string, name: string, route: Entry['route']): Entry {
  return {
    id: organ_id.length,
    organ_id,
    name,
    parent_organ_id: '',
    parent_name: '',
    source: 'vxp',
    active: true,
    synced_at: null,
    updated_at: '2026-12-05T03:00:00Z',
    reachable: route !== null,
    route,
    health: null,
  };
}

const NOI_VU = entry('000.00.12.H40', 'Sở Nội vụ', { organ_id: '*', transport: 'vxp', endpoint: 'https://truc.example', is_default: true });
const TAI_CHINH = entry('000.00.13.H40', 'Sở Tài chính', { organ_id: '000.00.13.H40', transport: 'direct', endpoint: 'https://stc.example', is_default: false });
const DAN_TOC = entry('000.00.15.H40', 'Ban Dân tộc', null);

function Harness({ onChange }: { onChange: (chosen: Entry[]) => void }) {
  return <OutsideRecipientList results={[NOI_VU, TAI_CHINH, DAN_TOC]} chosen={[]} onChange={onChange} />;
}

describe('OutsideRecipientList', () => {
  it('lets any reachable agency be chosen and shows an unreachable one without letting it be chosen', () => {
    const changes: Entry[][] = [];
    render(<Harness onChange={(c) => changes.push(c)} />);
    const noiVu = screen.getByRole('checkbox', { name: /Sở Nội vụ/ });
    const danToc = screen.getByRole('checkbox', { name: /Ban Dân tộc/ });
    expect((danToc as HTMLInputElement).disabled).toBe(true);
    expect((noiVu as HTMLInputElement).disabled).toBe(false);
    expect(screen.getByText('Chưa có kết nối: không chọn được')).toBeTruthy();
    expect(danToc.getAttribute('aria-describedby')).toBe(screen.getByText('Chưa có kết nối: không chọn được').id);
    expect(noiVu.getAttribute('aria-describedby')).toBeNull();
    fireEvent.click(noiVu);
    expect(changes).toEqual([[NOI_VU]]);
    fireEvent.click(danToc);
    expect(changes).toHaveLength(1);
  });

  it('shows an agency set aside as not choosable, with the reason', () => {
    const setAside = { ...TAI_CHINH, active: false, reachable: false };
    render(<OutsideRecipientList results={[setAside]} chosen={[]} onChange={() => undefined} />);
    const box = screen.getByRole('checkbox', { name: /Sở Tài chính/ }) as HTMLInputElement;
    expect(box.disabled).toBe(true);
    expect(screen.getByText('Đã ngừng sử dụng: không chọn được').id).toBe(box.getAttribute('aria-describedby'));
  });

  it('lists the chosen agencies, any number, each removable', () => {
    const changes: Entry[][] = [];
    render(<OutsideRecipientList results={[NOI_VU, TAI_CHINH]} chosen={[NOI_VU, TAI_CHINH]} onChange={(c) => changes.push(c)} />);
    expect(screen.getByRole('list', { name: 'Cơ quan ngoài đã chọn' }).querySelectorAll('li')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Bỏ chọn Sở Nội vụ' }));
    expect(changes).toEqual([[TAI_CHINH]]);
  });

  it('says how an agency is reached', () => {
    expect(routeLabel(NOI_VU)).toBe('Qua trục liên thông quốc gia (VXP) (tuyến mặc định)');
    expect(routeLabel(TAI_CHINH)).toBe('Qua kết nối trực tiếp');
    expect(routeLabel({ ...TAI_CHINH, active: false, reachable: false })).toBe('Đã ngừng sử dụng');
  });
});
