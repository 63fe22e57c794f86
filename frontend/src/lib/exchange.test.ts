import { describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { packageFiles, recipientSummary } from './exchange';

function recipient(overrides: Partial<Schemas['RecipientStatus']>): Schemas['RecipientStatus'] {
  return {
    organ_id: 'G01.001',
    organ_name: 'Sở Nội vụ',
    delivery: 'pending',
    transport: 'hub',
    attempts: 0,
    last_error: '',
    delivered_at: null,
    status_code: null,
    status_label: null,
    description: '',
    updated_at: null,
    history: [],
    ...overrides,
  };
}

describe('recipientSummary', () => {
  it('says a package is still being sent, with its retries', () => {
    expect(recipientSummary(recipient({}))).toEqual({ text: 'Đang gửi', tone: 'progress', reason: '' });
    expect(recipientSummary(recipient({ attempts: 3, last_error: 'Hết thời gian chờ' }))).toEqual({
      text: 'Đang gửi (đã thử 3 lần)',
      tone: 'progress',
      reason: 'Hết thời gian chờ',
    });
  });
  it('shows a failed delivery with its error', () => {
    expect(recipientSummary(recipient({ delivery: 'failed', last_error: 'Sai chữ ký' }))).toMatchObject({ tone: 'bad', reason: 'Sai chữ ký' });
  });
  it('shows what a recipient added to a good status as a note, not as a reason', () => {
    const accepted = recipient({ status_code: '03', status_label: 'Đã tiếp nhận, vào sổ', description: 'Vào sổ số 12' });
    expect(recipientSummary(accepted)).toEqual({ text: 'Đã tiếp nhận, vào sổ', tone: 'ok', reason: '', note: 'Vào sổ số 12' });
  });

  it('prefers the status the recipient reported, and its refusal reason', () => {
    const refused = recipient({ delivery: 'delivered', status_code: '02', status_label: 'Từ chối tiếp nhận', description: 'Gửi nhầm nơi' });
    expect(recipientSummary(refused)).toEqual({ text: 'Từ chối tiếp nhận', tone: 'bad', reason: 'Gửi nhầm nơi' });
    expect(recipientSummary(recipient({ delivery: 'delivered', status_code: '06', status_label: 'Hoàn thành' })).tone).toBe('ok');
    expect(recipientSummary(recipient({ delivery: 'delivered', status_code: '01', status_label: 'Đã đến' })).tone).toBe('progress');
  });
  it('says "đã gửi" once delivered but before any status', () => {
    expect(recipientSummary(recipient({ delivery: 'delivered' })).text).toBe('Đã gửi');
  });
});

describe('packageFiles', () => {
  it('keeps the package order and joins each PDF with its signature check', () => {
    const files = packageFiles({
      summary: {
        attachments: [
          { name: 'phu-luc.xlsx', content_type: 'application/vnd.ms-excel', size: 1200 },
          { name: 'cong-van.pdf', content_type: 'application/pdf', size: 56000 },
          { name: 'hong.pdf', content_type: 'application/pdf', size: 10 },
        ],
      },
      validation: [
        { file: 'cong-van.pdf', valid: true, signatures: [{ signer: 'Sở Nội vụ' }] },
        { file: 'hong.pdf', valid: false, signatures: [], error: 'Tệp PDF hỏng' },
      ],
    });
    expect(files.map((f) => [f.index, f.name, f.signature])).toEqual([
      [0, 'phu-luc.xlsx', 'none'],
      [1, 'cong-van.pdf', 'valid'],
      [2, 'hong.pdf', 'invalid'],
    ]);
    expect(files[2].problem).toBe('Tệp PDF hỏng');
  });
  it('treats a PDF without any signature as unsigned', () => {
    const files = packageFiles({
      summary: { attachments: [{ name: 'a.pdf', size: 5 }] },
      validation: [{ file: 'a.pdf', valid: false, signatures: [] }],
    });
    expect(files[0].signature).toBe('none');
  });
});
