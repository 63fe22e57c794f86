import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { ReplaceActions } from '../pages/outgoing/ReplaceActions';
import { DocumentLinks, SupersededNotice } from './DocumentLinks';

afterEach(cleanup);

function link(relation: Schemas['LinkOut']['relation'], document_id: number, kind: Schemas['DocumentKind'], label: string): Schemas['LinkOut'] {
  return { relation, effective: true, document_id, document_kind: kind, number_symbol: '', title: 'Về việc thử', status: 'released', label };
}

const REPLACED = link('bi_thay_the', 12, 'outgoing', 'Đã bị thay thế bởi văn bản số 12/UBND-VP');
const ANSWERS = link('tra_loi', 7, 'incoming', 'Trả lời văn bản số 05/QĐ-UBND');

describe('DocumentLinks', () => {
  it('links each related document to its own page, văn bản đi or đến', () => {
    render(
      <MemoryRouter>
        <DocumentLinks links={[REPLACED, ANSWERS]} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('heading', { name: 'Văn bản liên quan' })).toBeTruthy();
    expect(screen.getByRole('link', { name: REPLACED.label }).getAttribute('href')).toBe('/van-ban-di/12');
    expect(screen.getByRole('link', { name: ANSWERS.label }).getAttribute('href')).toBe('/van-ban-den/7');
  });

  it('says at the top that a document was replaced, and nothing for an answer', () => {
    const { container, rerender } = render(
      <MemoryRouter>
        <SupersededNotice links={[ANSWERS]} />
      </MemoryRouter>,
    );
    expect(container.textContent).toBe('');
    rerender(
      <MemoryRouter>
        <SupersededNotice links={[ANSWERS, REPLACED]} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('status').textContent).toBe(REPLACED.label);
  });
});

function Shown() {
  const state = useLocation().state as { links: { replaces: Schemas['ReplacesIn']; label: string } };
  return <p data-testid="draft">{`${state.links.replaces.kind} ${state.links.replaces.document_id} ${state.links.label}`}</p>;
}

function released(links: Schemas['LinkOut'][]): Schemas['OutgoingDetail'] {
  return { id: 9, status: 'released', number_symbol: '61/UBND-VP', links } as unknown as Schemas['OutgoingDetail'];
}

describe('ReplaceActions', () => {
  it('opens a new draft naming the released document it corrects', () => {
    render(
      <MemoryRouter>
        <Routes>
          <Route path="/" element={<ReplaceActions document={released([])} />} />
          <Route path="/van-ban-di/soan-thao" element={<Shown />} />
        </Routes>
      </MemoryRouter>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Soạn văn bản đính chính' }));
    expect(screen.getByTestId('draft').textContent).toBe('dinh_chinh 9 Đính chính văn bản số 61/UBND-VP');
  });

  it('offers nothing for a document already replaced', () => {
    render(
      <MemoryRouter>
        <ReplaceActions document={released([REPLACED])} />
      </MemoryRouter>,
    );
    expect(screen.queryByRole('button')).toBeNull();
  });
});
