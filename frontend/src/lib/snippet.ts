/**
 * Search snippets arrive as HTML-escaped text with `<mark>` around the matches. We never inject that HTML:
 * it is split into plain and marked parts and rendered as text, so a document's content cannot run script.
 */

export interface SnippetPart {
  text: string;
  marked: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const pattern = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (const match of snippet.matchAll(pattern)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ text: unescapeHtml(snippet.slice(last, at)), marked: false });
    parts.push({ text: unescapeHtml(match[1]), marked: true });
    last = at + match[0].length;
  }
  if (last < snippet.length) parts.push({ text: unescapeHtml(snippet.slice(last)), marked: false });
  return parts.filter((p) => p.text);
}
