/** Tìm kiếm: one box (with or without diacritics), results the user may read, matches highlighted. */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, type Schemas } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import { ErrorBox, Loading, PageTitle, Pager } from '../components/ui';
import { formatDate } from '../lib/dates';
import { snippetParts } from '../lib/snippet';
import { useLoad } from '../lib/useLoad';

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const [text, setText] = useState(q);
  const results = useLoad(async () => {
    if (!q) return null;
    return unwrap(await api.GET('/api/v1/search', { params: { query: { q, page, page_size: 20 } } }));
  }, [q, page]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (text.trim()) next.set('q', text.trim());
    setParams(next);
  }

  return (
    <section>
      <PageTitle>Tìm kiếm văn bản</PageTitle>
      <form className="search-box" role="search" onSubmit={submit}>
        <label htmlFor="search-q" className="sr-only">
          Nội dung cần tìm
        </label>
        <input
          id="search-q"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Trích yếu, số ký hiệu, nội dung… (gõ có dấu hoặc không dấu)"
          autoFocus
        />
        <button type="submit" className="primary">
          Tìm
        </button>
      </form>
      <ErrorBox message={results.error} />
      {results.loading && q && <Loading what="kết quả" />}
      {results.data && (
        <>
          <p className="muted" role="status">
            Tìm thấy {results.data.total} văn bản cho “{q}”.
          </p>
          <ol className="results">
            {results.data.items.map((hit) => (
              <SearchResult key={hit.id} hit={hit} />
            ))}
          </ol>
          <Pager
            page={results.data.page}
            pageSize={results.data.page_size}
            total={results.data.total}
            onPage={(p) => setParams({ q, page: String(p) })}
          />
        </>
      )}
    </section>
  );
}

/** One document found: its title linking to its own page, what it is (đến/đi, số, ngày, nơi ban hành,
 * trạng thái), and the matched words highlighted in its text. */
export function SearchResult({ hit }: { hit: Schemas['SearchHitOut'] }) {
  const about = [
    hit.kind === 'incoming' ? 'Văn bản đến' : 'Văn bản đi',
    hit.number,
    hit.date ? formatDate(hit.date) : null,
    hit.issuer,
    hit.status,
  ];
  return (
    <li>
      <Link to={`${hit.kind === 'incoming' ? '/van-ban-den' : '/van-ban-di'}/${hit.id}`}>{hit.title}</Link>
      <div className="muted small">{about.filter(Boolean).join(' · ')}</div>
      <p className="snippet">
        {snippetParts(hit.snippet).map((part, i) => (part.marked ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
      </p>
    </li>
  );
}

/**
 * `/van-ban/:id`: a link that does not say whether the document is incoming or outgoing (search hits now do),
 * so ask the incoming API first and the outgoing one when that answers "not found", then go to the right page.
 */
export function OpenDocument() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    (async () => {
      const incoming = await api.GET('/api/v1/incoming/{document_id}', { params: { path: { document_id: id } } });
      if (incoming.response.ok) return navigate(`/van-ban-den/${id}`, { replace: true });
      if (incoming.response.status !== 404) return unwrap(incoming);
      const outgoing = await api.GET('/api/v1/outgoing/{document_id}', { params: { path: { document_id: id } } });
      if (outgoing.response.ok) return navigate(`/van-ban-di/${id}`, { replace: true });
      return unwrap(outgoing);
    })().catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Không mở được văn bản.'));
  }, [id, navigate]);
  return error ? <ErrorBox message={error} /> : <Loading what="văn bản" />;
}
