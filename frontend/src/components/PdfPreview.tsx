/**
 * Xem trước PDF with pdf.js: the file is fetched with the session cookie (the download checks the reader's
 * rights like every other path) and drawn page by page onto canvases. Only the first pages are drawn, so a
 * 300-page annex does not freeze a tablet.
 */
import { useEffect, useRef, useState } from 'react';
import { toApiError } from '../api/errors';

const MAX_PAGES = 5;

export function PdfPreview({ url, title }: { url: string; title: string }) {
  const holder = useRef<HTMLDivElement>(null);
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
        container.appendChild(canvas);
        await page.render({ canvas, viewport: scaled }).promise;
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

  return (
    <section className="pdf-preview" aria-label={`Xem trước: ${title}`}>
      {state.loading && <p className="muted">Đang tải bản xem trước…</p>}
      {state.error && (
        <p className="alert alert-error" role="alert">
          Không hiển thị được bản xem trước: {state.error}
        </p>
      )}
      <div ref={holder} className="pdf-pages" data-testid="pdf-pages" />
      {state.pages > MAX_PAGES && (
        <p className="muted">
          Đang hiển thị {MAX_PAGES}/{state.pages} trang. Tải tệp về để xem toàn bộ.
        </p>
      )}
    </section>
  );
}
