import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { SearchResult } from './Search';

afterEach(cleanup);

const HIT: Schemas['SearchHitOut'] = {
  id: 41,
  filename: 'ke-hoach.pdf',
  title: 'Kế hoạch phát triển du lịch thành phố Cần Thơ',
  number: '215/KH-UBND',
  score: 20.1,
  snippet: 'Thành phố <mark>Cần Thơ</mark> là trung tâm vùng &amp; đồng bằng',
  kind: 'incoming',
  date: '2025-03-12',
  issuer: 'UBND thành phố Cần Thơ',
  status: 'Chờ xử lý',
};

describe('SearchResult', () => {
  it('says what the document is and links to its own page', () => {
    render(
      <MemoryRouter>
        <ol>
          <SearchResult hit={HIT} />
        </ol>
      </MemoryRouter>,
    );
    expect(screen.getByRole('link', { name: HIT.title }).getAttribute('href')).toBe('/van-ban-den/41');
    expect(screen.getByText('Văn bản đến · 215/KH-UBND · 12/03/2025 · UBND thành phố Cần Thơ · Chờ xử lý')).toBeTruthy();
    expect(screen.getByText('Cần Thơ', { selector: 'mark' })).toBeTruthy();
  });

  it('sends an outgoing document to the văn bản đi page and leaves out what it lacks', () => {
    render(
      <MemoryRouter>
        <ol>
          <SearchResult hit={{ ...HIT, kind: 'outgoing', number: null, date: null, issuer: null, status: 'Dự thảo' }} />
        </ol>
      </MemoryRouter>,
    );
    expect(screen.getByRole('link', { name: HIT.title }).getAttribute('href')).toBe('/van-ban-di/41');
    expect(screen.getByText('Văn bản đi · Dự thảo')).toBeTruthy();
  });
});
