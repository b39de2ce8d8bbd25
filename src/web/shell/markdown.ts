/**
 * Candidate statements in a small, safe subset of Markdown: paragraphs (a blank
 * line between them), line breaks, *emphasis*, **strong**, bulleted (`-`, `*`,
 * `+`) and numbered (`1.`) lists, and links `[text](https://...)` to http,
 * https and mailto addresses only. Anything else is shown as the text it is.
 *
 * Nothing the author writes reaches the page as markup: every piece of text
 * is escaped as it is emitted, and the only tags are the ones made here. A
 * link whose address is not http(s) or mailto (`javascript:`, `data:`...) is
 * left as plain text.
 *
 * Hand-written, not a Markdown library, because the subset is deliberately
 * tiny and safe by construction: statements need paragraphs, lists, emphasis
 * and links, nothing more. marked passes raw HTML through and leaves the
 * sanitising to the caller (DOMPurify, which wants a DOM on the server);
 * markdown-it escapes HTML when told to, but still renders images, headings,
 * tables and code. Here no tag can appear but the eight the renderer writes,
 * p, br, ul, ol (start), li, a (href, rel), strong and em, which
 * markdown.test.ts checks by fuzzing.
 */
export function renderStatement(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const html: string[] = [];
  let paragraph: string[] = [];
  let list: { kind: 'ul' | 'ol'; start: number; items: string[] } | undefined;

  const flushParagraph = () => {
    if (paragraph.length > 0)
      html.push(`<p>${paragraph.map((line) => inline(line)).join('<br>')}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (!list) return;
    const start = list.kind === 'ol' && list.start !== 1 ? ` start="${list.start}"` : '';
    const items = list.items.map((item) => `<li>${inline(item)}</li>`).join('');
    html.push(`<${list.kind}${start}>${items}</${list.kind}>`);
    list = undefined;
  };

  for (const line of lines) {
    if (line.trim() === '') {
      flushParagraph();
      flushList();
      continue;
    }
    const bullet = line.match(/^ {0,3}[-*+][ \t]+(.*)$/);
    const numbered = line.match(/^ {0,3}(\d{1,9})[.)][ \t]+(.*)$/);
    if (bullet || numbered) {
      const kind = bullet ? 'ul' : 'ol';
      flushParagraph();
      if (list?.kind !== kind) {
        flushList();
        list = { kind, start: numbered ? Number(numbered[1]) : 1, items: [] };
      }
      list.items.push((bullet ? bullet[1] : numbered![2])!.trim());
    } else if (list && /^[ \t]+\S/.test(line)) {
      // An indented line continues the list item above it.
      list.items[list.items.length - 1] += `\n${line.trim()}`;
    } else {
      flushList();
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  flushList();
  return html.join('\n');
}

/** Escapes text for HTML content and for a double- or single-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The schemes a statement may link to; anything else stays text. */
const safeSchemes = new Set(['http:', 'https:', 'mailto:']);

/** A link's address, if it is one a member may safely follow. */
function safeHref(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (!safeSchemes.has(url.protocol)) return undefined;
  // The address as written (already checked), so what the reader sees is what they get.
  return address;
}

// Earliest of: a backslash escape, a link, **strong**, *emphasis* or _emphasis_.
const token =
  /\\([\\`*_[\]()#+\-.!])|\[([^\]\n]+)\]\(([^()\s]+)\)|\*\*(?=\S)([\s\S]*?\S)\*\*|\*(?=[^\s*])([^*]*?[^\s*])\*|(?<![A-Za-z0-9])_(?=[^\s_])([^_]*?[^\s_])_(?![A-Za-z0-9])/;

/** Inline Markdown of one paragraph or list item; a line break inside becomes <br>. */
function inline(text: string, inLink = false): string {
  let out = '';
  let rest = text;
  for (;;) {
    const m = token.exec(rest);
    if (!m) break;
    out += plain(rest.slice(0, m.index));
    const [whole, escaped, linkText, address, strong, em1, em2] = m;
    if (escaped !== undefined) out += escapeHtml(escaped);
    else if (linkText !== undefined) {
      const href = inLink ? undefined : safeHref(address!);
      out += href
        ? `<a href="${escapeHtml(href)}" rel="nofollow noopener">${inline(linkText, true)}</a>`
        : plain(whole);
    } else if (strong !== undefined) out += `<strong>${inline(strong, inLink)}</strong>`;
    else out += `<em>${inline((em1 ?? em2)!, inLink)}</em>`;
    rest = rest.slice(m.index + whole.length);
  }
  return out + plain(rest);
}

const plain = (text: string) => escapeHtml(text).replace(/\n/g, '<br>');
