import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { renderStatement } from './markdown.ts';

describe('candidate statements in safe Markdown', () => {
  test('paragraphs are split by a blank line; a single line break is kept', () => {
    assert.equal(
      renderStatement(
        'Twenty years a branch secretary.\nNow treasurer.\n\nI will publish every vote.',
      ),
      '<p>Twenty years a branch secretary.<br>Now treasurer.</p>\n<p>I will publish every vote.</p>',
    );
  });

  test('emphasis and strong', () => {
    assert.equal(
      renderStatement('I *will* publish **every** vote, _always_.'),
      '<p>I <em>will</em> publish <strong>every</strong> vote, <em>always</em>.</p>',
    );
    // Stray asterisks and snake_case words are left as written.
    assert.equal(renderStatement('2 * 3 and a_b_c'), '<p>2 * 3 and a_b_c</p>');
  });

  test('bulleted and numbered lists', () => {
    assert.equal(
      renderStatement(
        'My priorities:\n- publish NEC votes\n- **open** selections\n\n3. third\n4. fourth',
      ),
      '<p>My priorities:</p>\n<ul><li>publish NEC votes</li><li><strong>open</strong> selections</li></ul>\n<ol start="3"><li>third</li><li>fourth</li></ol>',
    );
  });

  test('links to http, https and mailto, marked nofollow', () => {
    assert.equal(
      renderStatement(
        'See [my site](https://example.org/a?b=1&c=2) or [write](mailto:a@example.org).',
      ),
      '<p>See <a href="https://example.org/a?b=1&#38;c=2" rel="nofollow noopener">my site</a> or <a href="mailto:a@example.org" rel="nofollow noopener">write</a>.</p>',
    );
  });

  test('HTML is shown as text, never run', () => {
    const html = renderStatement('<script>alert(1)</script>\n<img src=x onerror=alert(1)>');
    assert.equal(
      html,
      '<p>&#60;script&#62;alert(1)&#60;/script&#62;<br>&#60;img src=x onerror=alert(1)&#62;</p>',
    );
    assert.doesNotMatch(html, /<script|<img/);
  });

  test('javascript:, data: and other schemes stay text', () => {
    for (const address of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox',
      '//evil.example/',
      'relative/path',
    ]) {
      const html = renderStatement(`[click](${address})`);
      assert.doesNotMatch(html, /<a /, address);
      assert.match(html, /^<p>\[click\]\(/, address);
    }
  });

  test('an address cannot break out of its attribute', () => {
    const html = renderStatement('[x](https://example.org/"onmouseover="alert(1))');
    // Either it is no link at all, or the quote is escaped inside the href.
    assert.doesNotMatch(html, /href="[^"]*"onmouseover/);
    assert.doesNotMatch(html, /" onmouseover|"onmouseover="/);
    assert.equal(
      renderStatement('[x](https://example.org/"onmouseover="go)'),
      '<p><a href="https://example.org/&#34;onmouseover=&#34;go" rel="nofollow noopener">x</a></p>',
    );
    const quoted = renderStatement("[x](https://example.org/'onclick='alert(1)')");
    assert.doesNotMatch(quoted, /'onclick='/);
  });

  test('markup inside emphasis and link text is escaped too', () => {
    assert.equal(
      renderStatement('**<b>bold</b>** [<i>x</i>](https://example.org)'),
      '<p><strong>&#60;b&#62;bold&#60;/b&#62;</strong> <a href="https://example.org" rel="nofollow noopener">&#60;i&#62;x&#60;/i&#62;</a></p>',
    );
  });

  test('a backslash shows a character as itself', () => {
    assert.equal(renderStatement('\\*not emphasis\\*'), '<p>*not emphasis*</p>');
  });

  test('empty statement renders nothing', () => {
    assert.equal(renderStatement(''), '');
    assert.equal(renderStatement('\n\n'), '');
  });
});

/**
 * The elements and attributes the renderer writes (its opening comment), and
 * nothing else may ever appear in its output.
 */
const allowed: Record<string, readonly string[]> = {
  p: [],
  br: [],
  ul: [],
  ol: ['start'],
  li: [],
  a: ['href', 'rel'],
  strong: [],
  em: [],
};

/** Text and attribute values: no raw markup characters; `&` only as a numeric character reference. */
const escapedText = /^(?:[^<>&"']|&#\d+;|&#x[0-9a-f]+;)*$/i;

/**
 * Whether a browser would follow `href` to http(s) or mailto. It decodes
 * character references first (`&#106;avascript:`, `&colon;`), then reads the
 * address as the WHATWG URL parser does: leading and trailing C0 controls and
 * spaces dropped, tabs and newlines removed anywhere, the scheme in any case.
 */
function safeHref(href: string): boolean {
  if (/&(?!#)/.test(href)) return false; // a named reference such as &colon; is never written
  const decoded = href.replace(/&#(x[0-9a-f]+|\d+);/gi, (_, n: string) =>
    String.fromCodePoint(
      n[0] === 'x' || n[0] === 'X' ? Number.parseInt(n.slice(1), 16) : Number(n),
    ),
  );
  let [start, end] = [0, decoded.length];
  while (start < end && decoded.charCodeAt(start) <= 0x20) start++;
  while (end > start && decoded.charCodeAt(end - 1) <= 0x20) end--;
  const address = decoded
    .slice(start, end)
    .replace(/[\t\n\r]/g, '')
    .toLowerCase();
  return /^(https?|mailto):/.test(address);
}

/** The first thing wrong with `html` as the renderer's output, or undefined. */
function unsafe(html: string): string | undefined {
  if (/<\s*\/?\s*script/i.test(html)) return 'a raw <script';
  const open: string[] = [];
  let at = 0;
  for (;;) {
    const lt = html.indexOf('<', at);
    const text = html.slice(at, lt < 0 ? html.length : lt);
    if (!escapedText.test(text)) return `unescaped text ${JSON.stringify(text)}`;
    if (lt < 0) break;
    const gt = html.indexOf('>', lt);
    if (gt < 0) return `an unterminated tag at ${lt}`;
    const tag = html.slice(lt, gt + 1);
    const m = /^<(\/?)([a-z]+)((?: [a-z]+="[^"<>]*")*)>$/.exec(tag);
    if (!m) return `not a tag the renderer writes: ${tag}`;
    const [, closing, name, attributes] = m as unknown as [string, string, string, string];
    if (!Object.hasOwn(allowed, name)) return `element ${name}`;
    if (closing) {
      if (attributes || open.pop() !== name) return `misplaced ${tag}`;
    } else {
      const seen = new Set<string>();
      for (const [, attribute, value] of attributes.matchAll(/ ([a-z]+)="([^"]*)"/g)) {
        if (!allowed[name]!.includes(attribute!)) return `attribute ${attribute} on ${name}`;
        if (seen.has(attribute!)) return `${attribute} twice on ${name}`;
        seen.add(attribute!);
        if (attribute === 'href' && !safeHref(value!)) return `a link to ${value}`;
        if (!escapedText.test(value!)) return `unescaped attribute ${tag}`;
        if (attribute === 'rel' && value !== 'nofollow noopener') return `rel="${value}"`;
        if (attribute === 'start' && !/^\d+$/.test(value!)) return `start="${value}"`;
      }
      if (name === 'a' && !(seen.has('href') && seen.has('rel')))
        return `${tag} without href or rel`;
      if (name === 'a' && open.includes('a')) return 'a link inside a link';
      if (name !== 'br') open.push(name);
    }
    at = gt + 1;
  }
  return open.length > 0 ? `unclosed ${open.join(', ')}` : undefined;
}

/** Pieces of text that markup, links and the usual tricks are made of. */
const risky = fc.constantFrom(
  '<',
  '>',
  '&',
  '"',
  "'",
  '[',
  ']',
  '(',
  ')',
  '`',
  '```',
  '\n',
  '\n\n',
  '\r',
  '\t',
  ' ',
  '*',
  '**',
  '_',
  '#',
  '# ',
  '- ',
  '1. ',
  '\\',
  '/',
  '=',
  ':',
  'javascript:',
  'JaVaScRiPt:',
  ' javascript:',
  'java\tscript:',
  '\u0001javascript:',
  'data:',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:',
  'https://',
  'HTTPS://',
  'http:',
  'mailto:',
  '//',
  '&#',
  '&#58;',
  '&#x3a;',
  '&colon;',
  '&amp;',
  '&#106;avascript:',
  '<script',
  '<script>',
  '</script>',
  '<a href="javascript:alert(1)">',
  '<img src=x onerror=alert(1)>',
  ' onerror=',
  'x',
  'é',
  '\u2028',
  '\u0000',
  '\ud83d\ude00',
);
const riskyText = fc
  .array(fc.oneof(risky, fc.string({ maxLength: 3 })), { maxLength: 40 })
  .map((parts) => parts.join(''));
const scheme = fc.constantFrom(
  'https://',
  'http://',
  'mailto:',
  'HtTpS://',
  'javascript:',
  'data:',
  'vbscript:',
  '',
);
const link = fc
  .tuple(riskyText, scheme, fc.array(risky, { maxLength: 6 }))
  .map(([text, start, rest]) => `[${text}](${start}example.org/${rest.join('')})`);
const statement = fc
  .array(fc.oneof(riskyText, link), { maxLength: 8 })
  .map((parts) => parts.join(''));

describe('safe Markdown under fuzzing', () => {
  const holds = (input: string) => {
    const problem = unsafe(renderStatement(input));
    if (problem !== undefined) throw new Error(problem);
  };

  test('the checker itself refuses what it must', () => {
    for (const [html, problem] of [
      ['<p><script>x</script></p>', /script/],
      ['<p><b>x</b></p>', /not a tag|element b/],
      ['<p onclick="x">y</p>', /attribute onclick/],
      ['<a href="javascript:alert(1)" rel="nofollow noopener">x</a>', /a link to/],
      ['<a href="&#106;avascript:x" rel="nofollow noopener">x</a>', /a link to/],
      ['<a href=" &#x09;JAVASCRIPT:x" rel="nofollow noopener">x</a>', /a link to/],
      ['<a href="java&#9;script:x" rel="nofollow noopener">x</a>', /a link to/],
      ['<a href="data&colon;x" rel="nofollow noopener">x</a>', /a link to/],
      ['<p>a > b</p>', /unescaped text/],
      ['<p>x', /unclosed p/],
      [
        '<a href="https://a" rel="nofollow noopener"><a href="https://b" rel="nofollow noopener">x</a></a>',
        /inside a link/,
      ],
    ] as const)
      assert.match(unsafe(html) ?? 'passed', problem, html);
    assert.equal(
      unsafe('<p>a &#60; <a href="HTTPS://x" rel="nofollow noopener">b</a></p>'),
      undefined,
    );
  });

  test('any string renders to the allowed tags only, with safe links', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), holds), { numRuns: 2000 });
  });

  test('strings rich in markup, schemes and entity tricks render safely', () => {
    fc.assert(fc.property(riskyText, holds), { numRuns: 5000 });
  });

  test('link-shaped statements render safely, and the safe ones become links', () => {
    let links = 0;
    fc.assert(
      fc.property(statement, (input) => {
        const html = renderStatement(input);
        holds(input);
        if (html.includes('<a ')) links++;
      }),
      { numRuns: 5000 },
    );
    // Not vacuous: the href check above has had links to look at.
    assert.ok(links > 500, `only ${links} statements rendered a link`);
  });
});
