import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentFields, LabeledSelect } from './DocumentFields';

afterEach(cleanup);

const EMPTY = {
  title: '',
  doc_type: 'cong_van',
  issuer: '',
  number: '',
  symbol: '',
  issue_date: '',
  deadline: '',
  pages: '',
  urgency: 'thuong',
  secrecy: 'thuong',
};

/** The form as a page holds it: the component only draws it and reports each change. */
function Form({ fields, onState }: { fields: (keyof typeof EMPTY)[]; onState?: (form: typeof EMPTY) => void }) {
  const [form, setForm] = useState(EMPTY);
  return (
    <form>
      <DocumentFields
        fields={fields}
        value={form}
        onChange={(key, value) => {
          const next = { ...form, [key]: value };
          setForm(next);
          onState?.(next);
        }}
        hint={(key) => key === 'issuer' && <small>(đọc từ văn bản)</small>}
      />
    </form>
  );
}

describe('DocumentFields', () => {
  it('draws the chosen fields, in the order given, with their labels and required marks', () => {
    const { container } = render(<Form fields={['title', 'doc_type', 'issuer', 'deadline', 'urgency', 'secrecy']} />);
    const labels = [...container.querySelectorAll('label')].map((l) => l.textContent);
    expect(labels[0]).toBe('Trích yếu *');
    expect(labels[2]).toBe('Cơ quan ban hành *(đọc từ văn bản)');
    expect(screen.getByLabelText(/^Loại văn bản/).tagName).toBe('SELECT');
    expect(screen.getByLabelText(/^Hạn xử lý/).getAttribute('type')).toBe('date');
    expect(screen.getByLabelText(/^Độ khẩn/)).toBeTruthy();
    expect(screen.getByLabelText(/^Độ mật/)).toBeTruthy();
    expect(screen.queryByLabelText(/^Ký hiệu/)).toBeNull();
    const order = [...container.querySelectorAll('textarea, input, select')].map((c) => c.closest('label')?.firstChild?.textContent);
    expect(order).toEqual(['Trích yếu', 'Loại văn bản', 'Cơ quan ban hành', 'Hạn xử lý', 'Độ khẩn', 'Độ mật']);
  });

  it('lists the Vietnamese choices and passes each change up', () => {
    let state = EMPTY;
    render(<Form fields={['urgency', 'title', 'number']} onState={(s) => (state = s)} />);
    const urgency = screen.getByLabelText(/^Độ khẩn/) as HTMLSelectElement;
    expect([...urgency.options].map((o) => o.text)).toContain('Hỏa tốc');
    fireEvent.change(urgency, { target: { value: 'khan' } });
    expect(state.urgency).toBe('khan');
    expect(urgency.value).toBe('khan');
    fireEvent.change(screen.getByLabelText(/^Trích yếu/), { target: { value: 'Về việc thử' } });
    fireEvent.change(screen.getByLabelText('Số'), { target: { value: '05' } });
    expect(state).toMatchObject({ urgency: 'khan', title: 'Về việc thử', number: '05' });
  });

  it('names the deadline as the page asks', () => {
    render(
      <DocumentFields fields={['deadline']} value={{ deadline: '' }} onChange={() => undefined} deadlineLabel="Hạn hoàn thành" />,
    );
    expect(screen.getByLabelText('Hạn hoàn thành')).toBeTruthy();
    expect(screen.queryByLabelText('Hạn xử lý')).toBeNull();
  });
});

describe('LabeledSelect', () => {
  it('offers the empty choice first and reports the chosen value', () => {
    let chosen = 'x';
    render(
      <LabeledSelect
        label="Độ khẩn"
        value=""
        options={{ thuong: 'Thường', khan: 'Khẩn' }}
        empty="Tất cả"
        onChange={(v) => (chosen = v)}
      />,
    );
    const select = screen.getByLabelText('Độ khẩn') as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual(['Tất cả', 'Thường', 'Khẩn']);
    fireEvent.change(select, { target: { value: 'khan' } });
    expect(chosen).toBe('khan');
    fireEvent.change(select, { target: { value: '' } });
    expect(chosen).toBe('');
  });
});
