import { Marked, type Token } from 'marked';

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Relative URLs and http(s)/mailto only. The href lands in an attribute, where
 * the browser decodes entities (`&#x6A;avascript:`) and ignores control
 * characters and spaces inside a scheme, so the check does the same first.
 */
function isSafeUrl(href: string): boolean {
  const decoded = new DOMParser().parseFromString(`<p>${href}</p>`, 'text/html').body.textContent ?? '';
  const scheme = SCHEME.exec(decoded.replace(/[\u0000-\u0020]/g, ''))?.[1];
  return scheme === undefined || SAFE_SCHEMES.has(scheme.toLowerCase());
}
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * Markdown for the richtext preview. Raw HTML in the source is shown as text
 * and links or images with other schemes (javascript:, data:) are dropped, so
 * a preview cannot run anything; the panel's CSP is the second line.
 */
const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
  walkTokens(token: Token) {
    if ((token.type === 'link' || token.type === 'image') && !isSafeUrl(token.href)) token.href = '#';
  },
});

export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false });
}
