/**
 * Xem trước PDF with pdf.js: the file is fetched with the session cookie (the download checks the reader's
 * rights like every other path) and drawn page by page onto canvases. Only the first pages are drawn, so a
 * 300-page annex does not freeze a tablet. `highlight` outlines a box on a page (where a pre-filled value was
 * read), converted from PDF points to the drawn page's pixels.
 */
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { toApiError } from '../api/errors';
import { boxToPixels, type PageBox, type PageView } from '../lib/pdfBox';

const MAX_PAGES = 5;

/** A drawn page: the element that holds its canvas, its visible area in points and the pixels per point. */
interface DrawnPage {
  element: HTMLDivElement;
  view: PageView;
  scale: number;
}

export function PdfPreview({
  url,
  title,
  highlight = null,
  highlightLabel = 'Vị trí đọc được',
}: {
  url: string;
  title: string;
  highlight?: PageBox | null;
  highlightLabel?: string;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState<DrawnPage[]>([]);
  const [state, setState] = useState<{ pages: number; error: string | null; loading: boolean }>({
    pages: 0,
    error: null,
    loading: true,
  });

  useEffect(() => {
    let cancelled = false;
    const container = holder.current;
    if (!container) return;
    container.replaceChildren();
    setDrawn([]);
    setState({ pages: 0, error: null, loading: true });
    (async () => {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => null);
        throw toApiError(response.status, body);
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const pdfjs = await import('pdfjs-dist');
      const worker = await import('pdfjs-dist/build/pdf.worker.min.mjs?url');
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      const pdf = await pdfjs.getDocument({ data: bytes }).promise;
      const count = Math.min(pdf.numPages, MAX_PAGES);
      for (let n = 1; n <= count && !cancelled; n++) {
        const page = await pdf.getPage(n);
        const width = Math.max(320, container.clientWidth - 16);
        const viewport = page.getViewport({ scale: 1 });
        const scaled = page.getViewport({ scale: width / viewport.width });
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(scaled.width);
        canvas.height = Math.floor(scaled.height);
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `${title} — trang ${n}`);
        const holderOfPage = document.createElement('div');
        holderOfPage.className = 'pdf-page';
        holderOfPage.appendChild(canvas);
        container.appendChild(holderOfPage);
        await page.render({ canvas, viewport: scaled }).promise;
        const [x0, y0, x1, y1] = page.view;
        const drawnPage = { element: holderOfPage, view: [x0, y0, x1, y1] as const, scale: scaled.scale };
        if (!cancelled) setDrawn((was) => [...was, drawnPage]);
      }
      if (!cancelled) setState({ pages: pdf.numPages, error: null, loading: false });
      await pdf.destroy();
    })().catch((e: unknown) => {
      if (!cancelled)
        setState({ pages: 0, error: e instanceof Error ? e.message : 'Không hiển thị được tệp PDF.', loading: false });
    });
    return () => {
      cancelled = true;
    };
  }, [url, title]);

  const target = highlight ? drawn[highlight.page - 1] : undefined;
  return (
    <section className="pdf-preview" aria-label={`Xem trước: ${title}`}>
      {state.loading && <p className="muted">Đang tải bản xem trước…</p>}
      {state.error && (
        <p className="alert alert-error" role="alert">
          Không hiển thị được bản xem trước: {state.error}
        </p>
      )}
      <div ref={holder} className="pdf-pages" data-testid="pdf-pages" />
      {target && <Highlight page={target} box={highlight?.box ?? []} label={highlightLabel} />}
      {state.pages > MAX_PAGES && (
        <p className="muted">
          Đang hiển thị {MAX_PAGES}/{state.pages} trang. Tải tệp về để xem toàn bộ.
        </p>
      )}
    </section>
  );
}

/** The outline over the page's canvas, scrolled into view when it moves. */
function Highlight({ page, box, label }: { page: DrawnPage; box: number[]; label: string }) {
  const { left, top, width, height } = boxToPixels(box, page.view, page.scale);
  const mark = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Scroll the preview pane only, so the field being edited stays where it is on the page.
    const pane = mark.current?.closest<HTMLElement>('.pdf-preview');
    if (!mark.current || !pane) return;
    const offset = mark.current.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    pane.scrollTop += offset - pane.clientHeight / 2;
  }, [page, left, top]);
  return createPortal(
    <div
      ref={mark}
      className="pdf-highlight"
      role="mark"
      aria-label={label}
      data-testid="pdf-highlight"
      style={{ left: `${left}px`, top: `${top}px`, width: `${width}px`, height: `${height}px` }}
    />,
    page.element,
  );
}
