import { describe, expect, it } from 'vitest';
import { boxToPixels, pageBoxOf } from './pdfBox';

const A4: [number, number, number, number] = [0, 0, 595.3, 841.9];

describe('boxToPixels', () => {
  it('turns a box in points from the lower left into pixels from the top left of the drawn page', () => {
    // A line 72 pt from the left, its baseline box 700–712 pt above the bottom, drawn at 2 px per point.
    expect(boxToPixels([72, 700, 300, 712], A4, 2)).toEqual({
      left: 144,
      top: (841.9 - 712) * 2,
      width: 456,
      height: 24,
    });
  });

  it('counts from the visible area when the page does not start at the origin, and clips to it', () => {
    const cropped: [number, number, number, number] = [10, 20, 610, 820];
    expect(boxToPixels([10, 800, 110, 820], cropped, 1)).toEqual({ left: 0, top: 0, width: 100, height: 20 });
    expect(boxToPixels([600, 10, 700, 30], cropped, 1)).toEqual({ left: 590, top: 790, width: 10, height: 10 });
  });

  it('reads a box given in the wrong order by its corners', () => {
    expect(boxToPixels([300, 712, 72, 700], A4, 1)).toEqual(boxToPixels([72, 700, 300, 712], A4, 1));
  });
});

describe('pageBoxOf', () => {
  it('is the page and box when the reader said both, else nothing to highlight', () => {
    expect(pageBoxOf({ line: 3, page: 2, box: [1, 2, 3, 4] })).toEqual({ page: 2, box: [1, 2, 3, 4] });
    expect(pageBoxOf({ line: 3, page: null, box: null })).toBeNull(); // a DOCX: a line, no page
    expect(pageBoxOf(null)).toBeNull();
  });
});
