import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet';

describe('snippetParts', () => {
  it('splits marked matches from plain text', () => {
    expect(snippetParts('Về việc <mark>cải cách</mark> hành chính')).toEqual([
      { text: 'Về việc ', marked: false },
      { text: 'cải cách', marked: true },
      { text: ' hành chính', marked: false },
    ]);
  });
  it('turns escaped markup back into text, never into elements', () => {
    const parts = snippetParts('&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>x</mark>');
    expect(parts[0]).toEqual({ text: '<script>alert(1)</script> & ', marked: false });
    expect(parts[1]).toEqual({ text: 'x', marked: true });
  });
});
