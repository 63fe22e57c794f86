/**
 * Văn bản liên quan: what this document replaces, corrects or answers, and what replaced, corrected or answered
 * it — each a link to the other document's page, labelled by the API in Vietnamese
 * ("Đã bị thay thế bởi văn bản số 12/QĐ-UBND"). The API lists only documents the viewer may read.
 */
import { Link, type To } from 'react-router-dom';
import type { Schemas } from '../api/client';
import { StatusBadge } from './ui';

type LinkOut = Schemas['LinkOut'];

/** The page of the linked document: văn bản đi or văn bản đến. */
export function linkedPage(link: Pick<LinkOut, 'document_kind' | 'document_id'>): string {
  return link.document_kind === 'outgoing' ? `/van-ban-di/${link.document_id}` : `/van-ban-den/${link.document_id}`;
}

/** Replaced or corrected: the notice shown above everything else, since the document is no longer in force. */
export function supersededBy(links: LinkOut[]): LinkOut | undefined {
  return links.find((l) => l.relation === 'bi_thay_the') ?? links.find((l) => l.relation === 'duoc_dinh_chinh');
}

/** "Đã bị thay thế bởi văn bản số …" at the top of a document that is no longer in force as it stands. */
export function SupersededNotice({ links }: { links: LinkOut[] }) {
  const by = supersededBy(links);
  if (!by) return null;
  return (
    <div className="alert alert-error" role="status">
      <Link to={linkedPage(by) as To}>{by.label}</Link>
    </div>
  );
}

export function DocumentLinks({ links }: { links: LinkOut[] }) {
  if (links.length === 0) return null;
  return (
    <>
      <h2>Văn bản liên quan</h2>
      <ul className="plain-list document-links">
        {links.map((link) => (
          <li key={`${link.relation}-${link.document_id}`}>
            <Link to={linkedPage(link) as To}>{link.label}</Link>
            {link.title && <span className="muted small"> — {link.title}</span>} <StatusBadge status={link.status} />
          </li>
        ))}
      </ul>
    </>
  );
}
