import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, webHref } from '../../src/shared/markdown.js';
import { NoteMarkdown } from '../../src/renderer/text/NoteMarkdown.js';

const html = (text: string) => renderToStaticMarkup(createElement(NoteMarkdown, { text }));
/** The element names in rendered markup: what a hostile note must not add to. */
const tags = (markup: string) => [...new Set([...markup.matchAll(/<([a-z][a-z0-9]*)/g)].map((m) => m[1]))].sort();

describe('note Markdown: what is parsed', () => {
  it('paragraphs keep their line breaks; headings, lists and fenced code are blocks', () => {
    expect(parseMarkdown('# Summary\nfirst line\nsecond line\n\n- one\n- two\n  more\n\n3. third\n4. fourth\n\n```\n<b>x</b>\n```')).toEqual([
      { t: 'heading', level: 1, children: [{ t: 'text', text: 'Summary' }] },
      { t: 'p', children: [{ t: 'text', text: 'first line' }, { t: 'br' }, { t: 'text', text: 'second line' }] },
      { t: 'list', ordered: false, start: 1, items: [[{ t: 'text', text: 'one' }], [{ t: 'text', text: 'two' }, { t: 'br' }, { t: 'text', text: 'more' }]] },
      { t: 'list', ordered: true, start: 3, items: [[{ t: 'text', text: 'third' }], [{ t: 'text', text: 'fourth' }]] },
      { t: 'code', text: '<b>x</b>' },
    ]);
  });

  it('bold, emphasis, code, links, escapes; snake_case and a lone star stay text', () => {
    expect(parseInline('**bold** and *em* and `a*b*c` see [the post](https://x.com/a/status/1) or https://example.org/x. \\*not em\\* snake_case_name 2 * 3')).toEqual([
      { t: 'strong', children: [{ t: 'text', text: 'bold' }] },
      { t: 'text', text: ' and ' },
      { t: 'em', children: [{ t: 'text', text: 'em' }] },
      { t: 'text', text: ' and ' },
      { t: 'code', text: 'a*b*c' },
      { t: 'text', text: ' see ' },
      { t: 'link', children: [{ t: 'text', text: 'the post' }], url: 'https://x.com/a/status/1', auto: false },
      { t: 'text', text: ' or ' },
      { t: 'link', children: [{ t: 'text', text: 'https://example.org/x' }], url: 'https://example.org/x', auto: true },
      { t: 'text', text: '. *not em* snake_case_name 2 * 3' },
    ]);
  });

  it('only http and https addresses with nothing hidden become links', () => {
    expect(webHref('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
    expect(webHref('HTTP://Example.org')).toBe('http://example.org/');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'file:///etc/passwd', '//evil.example', 'https://evil\u202Egro.example', 'https://a\u200b.example', 'not a url'])
      expect(webHref(bad), bad).toBeNull();
  });

  it('stays linear on pathological input (20,000 openers without closers)', () => {
    for (const open of ['[', '*', '**', '`', '_', '[a](', 'https://'] as const) {
      const t0 = performance.now();
      parseMarkdown(`${open}x `.repeat(20_000 / open.length));
      expect(performance.now() - t0, open).toBeLessThan(1000);
    }
    // Nesting is bounded: deeper markers are text, not a stack overflow.
    expect(() => parseMarkdown(`${'*['.repeat(5000)}x${'](y)*'.repeat(5000)}`)).not.toThrow();
  });
});

describe('note Markdown: rendered as text, never as markup', () => {
  it('raw HTML is text: no script, img, iframe or handler reaches the DOM', () => {
    const out = html('<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n\n**<iframe src="https://evil.example"></iframe>**\n\n- <svg onload=alert(1)>');
    expect(tags(out)).toEqual(['br', 'div', 'li', 'p', 'span', 'strong', 'ul']);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).not.toMatch(/<[^>]+\son[a-z]+=/i);
  });

  it('a javascript: link is shown as text beside its label, an https one is a link showing its address', () => {
    const out = html('[click me](javascript:alert(1)) and [report](https://example.org/r)');
    expect(out).not.toContain('href="javascript');
    expect(out).toContain('<span class="visible-text">click me</span> (<span class="md-not-link" title="Not a web address: shown as text"><span class="visible-text">javascript:alert(1)</span></span>)');
    expect(out).toContain('<span class="visible-text">report</span> (<a href="https://example.org/r" target="_blank" rel="noopener noreferrer nofollow" class="md-link"><span class="visible-text">https://example.org/r</span></a>)');
    expect(tags(html('[x](data:text/html;base64,PHNjcmlwdD4=)'))).not.toContain('a');
  });

  it('bidi overrides and zero-width characters are shown as markers, in text and in addresses', () => {
    const out = html('invoice\u202Egpj.exe **b\u200bold** [x](https://evil\u202Egro.example)');
    expect(out).toContain('invoice<span class="hidden-char" title="U+202E RIGHT-TO-LEFT OVERRIDE">⟨U+202E⟩</span>gpj.exe');
    expect(out).toContain('<strong><span class="visible-text">b<span class="hidden-char" title="U+200B ZERO WIDTH SPACE">⟨U+200B⟩</span>old</span></strong>');
    expect(out).toContain('⟨U+200B⟩');
    expect(out).not.toContain('\u202E');
    expect(out).not.toContain('\u200b');
    expect(out).not.toContain('<a ');
  });
});
