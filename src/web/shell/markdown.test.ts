import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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
