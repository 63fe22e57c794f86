/**
 * What a new draft replaces, corrects or answers, carried in the navigation state from the page it was started
 * on ("Soạn văn bản thay thế / đính chính" on a released document, "Soạn văn bản trả lời" on an incoming one)
 * to either draft form, which shows it, lets it be dropped, and sends it with the draft (`replaces`, `answers`).
 */
import { useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import type { Schemas } from '../../api/client';

export interface DraftLinks {
  replaces?: Schemas['ReplacesIn'];
  answers?: number[];
  label: string;
}

/** The links the form was opened with, and a way to drop them. */
export function useDraftLinks(): [DraftLinks | null, () => void] {
  const location = useLocation();
  const [links, setLinks] = useState<DraftLinks | null>((location.state as { links?: DraftLinks } | null)?.links ?? null);
  return [links, () => setLinks(null)];
}

/** The request fields for the draft. */
export function linkFields(links: DraftLinks | null): { replaces: Schemas['ReplacesIn'] | null; answers: number[] } {
  return { replaces: links?.replaces ?? null, answers: links?.answers ?? [] };
}

/** "Thay thế văn bản số …" above the form, with "Bỏ liên kết" and a way to the other draft form. */
export function DraftLinksNotice({ links, onDrop, other }: { links: DraftLinks | null; onDrop: () => void; other?: { to: string; label: string } }) {
  if (!links) return null;
  return (
    <div className="wide alert alert-ok" role="status">
      {links.label}{' '}
      <button type="button" onClick={onDrop}>
        Bỏ liên kết
      </button>
      {other && (
        <>
          {' '}
          <Link to={other.to} state={{ links }}>
            {other.label}
          </Link>
        </>
      )}
    </div>
  );
}
