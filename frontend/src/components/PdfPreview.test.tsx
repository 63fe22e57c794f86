import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../api/client';
import { readPlace } from '../pages/incoming/prefill';
import { PdfPreview } from './PdfPreview';

// pdf.js needs a real canvas and worker; the test gives it a one-page A4 document drawn at the width asked.
vi.mock('pdfjs-dist/build/pdf.worker.min.mjs?url', () => ({ default: 'worker.js' }));
vi.mock('pdfjs-dist', () => ({
  GlobalWorkerOptions: {},
  getDocument: () => ({
    promise: Promise.resolve({
      numPages: 1,
      destroy: () => Promise.resolve(),
      getPage: () =>
        Promise.resolve({
          view: [0, 0, 600, 800],
          getViewport: ({ scale }: { scale: number }) => ({ width: 600 * scale, height: 800 * scale, scale }),
          render: () => ({ promise: Promise.resolve() }),
        }),
    }),
  }),
}));

beforeEach(() => {
  vi.stubGlobal('fetch', () => Promise.resolve(new Response(new Uint8Array([37, 80, 68, 70]))));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const READ: Schemas['PrefillOut'] = {
  input_kind: 'pdf',
  symbol: { value: 'QĐ-UBND', text: 'Số: 05/QĐ-UBND', source: { line: 4, page: 1, box: [60, 700, 180, 712] } },
  title: { value: 'Về việc thử', text: 'V/v thử', source: { line: 9, page: null, box: null } },
};

describe('the registration preview', () => {
  it('outlines the box a focused field was read from, in the drawn page’s pixels', async () => {
    const place = readPlace(READ, 'symbol', new Set(['symbol']));
    expect(place).toEqual({ page: 1, box: [60, 700, 180, 712] });
    render(<PdfPreview url="blob:van-ban" title="van-ban.pdf" highlight={place} highlightLabel="Vị trí đọc được" />);
    const mark = await screen.findByRole('mark', { name: 'Vị trí đọc được' });
    // jsdom lays nothing out: the page is drawn 320 px wide (the least), so 320/600 px per point.
    const scale = 320 / 600;
    expect(mark.style.left).toBe(`${60 * scale}px`);
    expect(mark.style.top).toBe(`${(800 - 712) * scale}px`);
    expect(mark.style.width).toBe(`${120 * scale}px`);
    expect(mark.style.height).toBe(`${12 * scale}px`);
    expect(mark.parentElement?.querySelector('canvas')?.getAttribute('aria-label')).toBe('van-ban.pdf — trang 1');
  });

  it('outlines nothing for a field read without a page, or one the clerk changed', async () => {
    expect(readPlace(READ, 'title', new Set(['title']))).toBeNull();
    expect(readPlace(READ, 'symbol', new Set())).toBeNull();
    render(<PdfPreview url="blob:van-ban" title="van-ban.pdf" highlight={null} />);
    await waitFor(() => expect(screen.getByRole('img', { name: 'van-ban.pdf — trang 1' })).toBeTruthy());
    expect(screen.queryByRole('mark')).toBeNull();
  });
});
