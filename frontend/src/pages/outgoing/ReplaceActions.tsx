/**
 * After release: soạn văn bản thay thế or văn bản đính chính of this document. The new draft form opens with
 * the document named (`./draftLinks`); the API checks again that it may be replaced (409 when another replacement
 * is under way) and, at release, sends the new document to at least the same recipients.
 */
import { useNavigate } from 'react-router-dom';
import type { Schemas } from '../../api/client';
import { supersededBy } from '../../components/DocumentLinks';
import type { DraftLinks } from './draftLinks';

export function ReplaceActions({ document }: { document: Schemas['OutgoingDetail'] }) {
  const navigate = useNavigate();
  if (document.status !== 'released' || supersededBy(document.links ?? [])?.relation === 'bi_thay_the') return null;
  const open = (kind: 'thay_the' | 'dinh_chinh') => {
    const links: DraftLinks = {
      replaces: { document_id: document.id, kind },
      label: `${kind === 'thay_the' ? 'Thay thế' : 'Đính chính'} văn bản số ${document.number_symbol}`,
    };
    navigate('/van-ban-di/soan-thao', { state: { links } });
  };
  return (
    <div className="actions">
      <button type="button" onClick={() => open('thay_the')}>
        Soạn văn bản thay thế
      </button>
      <button type="button" onClick={() => open('dinh_chinh')}>
        Soạn văn bản đính chính
      </button>
    </div>
  );
}
