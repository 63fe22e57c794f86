import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { Attachments } from './Attachments';

afterEach(cleanup);

function file(id: number, role: Schemas['FileOut']['role'], filename: string): Schemas['FileOut'] {
  return {
    id,
    role,
    version: id,
    filename,
    content_type: 'application/pdf',
    size: 2048,
    sha256: 'a'.repeat(64),
    immutable: true,
    created_at: '2026-12-04T03:00:00Z',
    download_path: `/api/v1/documents/1/files/${id}/content`,
  } as Schemas['FileOut'];
}

const FILES = [
  file(1, 'draft', 'Dự thảo.docx'),
  file(2, 'attachment', 'Phụ lục I.pdf'),
  file(3, 'signed', 'Dự thảo-lanh-dao-ky.pdf'),
  file(4, 'issued', '02-QĐ-UBND.pdf'),
  file(5, 'issued_annex', 'Phụ lục I-ky-so.pdf'),
];

describe('Attachments', () => {
  it('lists the attachments and their signed copies, nothing else, with no upload once issued', () => {
    render(<Attachments files={FILES} editable={false} busy={false} onAdd={async () => null} />);
    expect(screen.getByRole('heading', { name: 'Văn bản kèm theo' })).toBeTruthy();
    const names = screen.getAllByRole('link').map((a) => a.textContent);
    expect(names).toEqual(['Phụ lục I.pdf', 'Phụ lục I-ky-so.pdf']);
    expect(screen.getByText('Văn bản kèm theo đã ký số')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Thêm văn bản kèm theo' })).toBeNull();
  });

  it('shows nothing for a document without attachments that can no longer change', () => {
    const { container } = render(
      <Attachments files={[FILES[0]]} editable={false} busy={false} onAdd={async () => null} />,
    );
    expect(container.textContent).toBe('');
  });

  it('lets the drafter add PDFs to an editable draft', async () => {
    const added: File[][] = [];
    render(
      <Attachments
        files={[FILES[0]]}
        editable
        busy={false}
        onAdd={async (files) => {
          added.push(files);
        }}
      />,
    );
    const button = screen.getByRole('button', { name: 'Thêm văn bản kèm theo' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    const input = screen.getByLabelText(/Thêm văn bản kèm theo \(PDF/) as HTMLInputElement;
    expect(input.accept).toContain('application/pdf');
    const pdf = new File(['%PDF-1.7'], 'Phụ lục II.pdf', { type: 'application/pdf' });
    fireEvent.change(input, { target: { files: [pdf] } });
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    await waitFor(() => expect(added).toEqual([[pdf]]));
    await waitFor(() => expect(button.disabled).toBe(true));
  });
});
