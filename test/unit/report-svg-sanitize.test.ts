import { describe, expect, it } from 'vitest';
import { sanitizeSvg } from '../../src/core/report/html/svg-sanitize.js';
import { escapeMarkup, htmlText } from '../../src/shared/html-escape.js';

/** The UI's graph SVG comes from a page: drawn again from a whitelist, never copied. */

const ok = (source: string) => {
  const r = sanitizeSvg(source, 'g-svg');
  if ('error' in r) throw new Error(r.error);
  return r;
};

describe('sanitizeSvg', () => {
  it("keeps what the UI's export draws: shapes, paths, text, colours, transforms", () => {
    const r = ok(
      `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" viewBox="0 0 800 600" font-family="system-ui, 'Segoe UI'"><rect width="100%" height="100%" fill="#ffffff"/><path d="M1 2L3.5 -4e2" fill="none" stroke="rgb(154, 164, 181)" stroke-width="1" stroke-opacity="0.4"/><g fill="#7c3aed" fill-opacity="1" transform="translate(2 3) scale(1.5)"><circle cx="10" cy="20" r="4"/></g><text x="1" y="2" dominant-baseline="central" paint-order="stroke">WS01 &amp; &lt;b&gt;</text></svg>`,
    );
    expect(r.svg).toBe(
      `<svg class="g-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 600" role="img" aria-label="the graph as shown in Sightline" font-family="system-ui, &apos;Segoe UI&apos;"><rect width="100%" height="100%" fill="#ffffff"/><path d="M1 2L3.5 -4e2" fill="none" stroke="rgb(154, 164, 181)" stroke-width="1" stroke-opacity="0.4"/><g fill="#7c3aed" fill-opacity="1" transform="translate(2 3) scale(1.5)"><circle cx="10" cy="20" r="4"/></g><text x="1" y="2" dominant-baseline="central" paint-order="stroke">WS01 &amp; &lt;b&gt;</text></svg>`,
    );
    expect(r.dropped).toBe(0);
  });

  it('leaves out scripts, handlers, links, styles, foreign content, images and url() paint, with their contents', () => {
    const r = ok(
      `<svg viewBox="0 0 10 10" onload="alert(1)"><script>alert(1)</script><style>*{background:url(https://evil.example/x)}</style><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject><a href="javascript:alert(1)"><text>click</text></a><image href="https://evil.example/p.png"/><use href="#x"/><circle r="1" fill="url(https://evil.example/#p)" onclick="alert(1)" style="fill:red" class="x"/><text x="1">ok</text><animate attributeName="href" to="javascript:alert(1)"/></svg>`,
    );
    expect(r.svg).toBe(`<svg class="g-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" aria-label="the graph as shown in Sightline"><circle r="1"/><text x="1">ok</text></svg>`);
    expect(r.svg).not.toMatch(/script|alert|evil|href|style|on[a-z]+=/i);
    expect(r.dropped).toBeGreaterThan(8);
  });

  it('shows hidden characters in text as markers and escapes it again', () => {
    const r = ok(`<svg viewBox="0 0 1 1"><text>WS09-\u202Eexe.txt &#60;script&#x3E;</text></svg>`);
    expect(r.svg).toContain(`<text>${htmlText('WS09-\u202Eexe.txt <script>')}</text>`);
    expect(r.svg).toContain('WS09-⟨U+202E⟩exe.txt &lt;script&gt;');
  });

  it.each([
    ['<!DOCTYPE svg [<!ENTITY x "y">]><svg></svg>', /DOCTYPE/],
    ['<svg><![CDATA[<script>]]></svg>', /CDATA/],
    ['<html><svg></svg></html>', /not one <svg> element/],
    ['<svg><g></svg>', /does not match/],
    ['<svg><text>&x;</text></svg>', /entity/],
    ['<svg><g>', /not closed/],
    ['plain text', /outside the <svg>|no <svg>/],
    ['<svg></svg><svg></svg>', /not one <svg>/],
    ['<svg><g x="1></g></svg>', /broken/],
  ])('refuses %j, saying why', (source, why) => {
    const r = sanitizeSvg(source, 'c');
    expect('error' in r && r.error).toMatch(why);
  });

  it('one escaper: markup characters and quotes', () => {
    expect(escapeMarkup(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
