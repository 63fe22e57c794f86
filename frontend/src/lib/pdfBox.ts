/**
 * Where a value was read on a PDF page (issue 24), drawn over the rendered page: the API gives the box in PDF
 * points, origin at the page's lower left corner (y up); a canvas counts pixels from its top left (y down).
 */
import type { Schemas } from '../api/client';

/** A page's visible area in points, as pdf.js gives it (`page.view`): [left, bottom, right, top]. */
export type PageView = readonly [number, number, number, number];

export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The rectangle of `box` ([left, bottom, right, top] in points) on a page drawn at `scale` pixels per point.
 * Clipped to the page; a box in the wrong order is read as its corners. */
export function boxToPixels(box: readonly number[], view: PageView, scale: number): PixelBox {
  const [vx0, vy0, vx1, vy1] = view;
  const clampX = (x: number) => Math.min(Math.max(x, vx0), vx1);
  const clampY = (y: number) => Math.min(Math.max(y, vy0), vy1);
  const x0 = clampX(Math.min(box[0], box[2]));
  const x1 = clampX(Math.max(box[0], box[2]));
  const y0 = clampY(Math.min(box[1], box[3]));
  const y1 = clampY(Math.max(box[1], box[3]));
  return {
    left: (x0 - vx0) * scale,
    top: (vy1 - y1) * scale,
    width: (x1 - x0) * scale,
    height: (y1 - y0) * scale,
  };
}

/** The place a value was read: its page (from 1) and box in points. */
export interface PageBox {
  page: number;
  box: number[];
}

/** The place to highlight for a value read from the document, if the API said where on which page. */
export function pageBoxOf(source: Schemas['SourceOut'] | null | undefined): PageBox | null {
  if (!source || source.page == null || !source.box || source.box.length !== 4) return null;
  return { page: source.page, box: source.box };
}
