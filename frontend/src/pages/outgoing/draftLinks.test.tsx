import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { DraftLinksNotice, linkFields, useDraftLinks, type DraftLinks } from './draftLinks';

afterEach(cleanup);

const REPLY: DraftLinks = { answers: [7], label: 'Trả lời văn bản đến số 05/QĐ-UBND' };

function Form() {
  const [links, drop] = useDraftLinks();
  return (
    <>
      <DraftLinksNotice links={links} onDrop={drop} other={{ to: '/van-ban-di/soan-tu-mau', label: 'Soạn từ mẫu' }} />
      <pre data-testid="fields">{JSON.stringify(linkFields(links))}</pre>
    </>
  );
}

describe('draft links', () => {
  it('shows what the draft answers, sends it, and drops it on request', () => {
    render(
      <MemoryRouter initialEntries={[{ pathname: '/van-ban-di/soan-thao', state: { links: REPLY } }]}>
        <Form />
      </MemoryRouter>,
    );
    expect(screen.getByRole('status').textContent).toContain(REPLY.label);
    expect(screen.getByRole('link', { name: 'Soạn từ mẫu' }).getAttribute('href')).toBe('/van-ban-di/soan-tu-mau');
    expect(JSON.parse(screen.getByTestId('fields').textContent ?? '')).toEqual({ replaces: null, answers: [7] });
    fireEvent.click(screen.getByRole('button', { name: 'Bỏ liên kết' }));
    expect(screen.queryByRole('status')).toBeNull();
    expect(JSON.parse(screen.getByTestId('fields').textContent ?? '')).toEqual({ replaces: null, answers: [] });
  });
});
