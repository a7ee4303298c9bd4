import { Fragment, useMemo, type ReactNode } from 'react';
import { inlineText, parseMarkdown, webHref, type MdBlock, type MdInline } from '../../shared/markdown.js';
import { VisibleText } from './VisibleText.js';

/**
 * A note's Markdown as React elements built from the parsed text, never from
 * markup in it: every piece of text goes through VisibleText (hidden and bidi
 * characters marked). A link shows its address; it is a link only for http
 * and https (opening outside the app), any other address is text.
 */
export function NoteMarkdown({ text }: { text: string }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  return <div className="note-md">{blocks.map(block)}</div>;
}

function block(b: MdBlock, key: number): ReactNode {
  switch (b.t) {
    case 'p':
      return <p key={key}>{inlines(b.children)}</p>;
    case 'heading':
      return (
        <p key={key} className="md-heading">
          <strong>{inlines(b.children)}</strong>
        </p>
      );
    case 'code':
      return (
        <pre key={key}>
          <code>
            <VisibleText text={b.text} lines />
          </code>
        </pre>
      );
    case 'list': {
      const items = b.items.map((item, i) => <li key={i}>{inlines(item)}</li>);
      return b.ordered ? (
        <ol key={key} start={b.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
  }
}

function inlines(nodes: readonly MdInline[]): ReactNode[] {
  return nodes.map(inline);
}

function inline(n: MdInline, key: number): ReactNode {
  switch (n.t) {
    case 'text':
      return <VisibleText key={key} text={n.text} />;
    case 'br':
      return <br key={key} />;
    case 'code':
      return (
        <code key={key}>
          <VisibleText text={n.text} />
        </code>
      );
    case 'strong':
      return <strong key={key}>{inlines(n.children)}</strong>;
    case 'em':
      return <em key={key}>{inlines(n.children)}</em>;
    case 'link': {
      const href = webHref(n.url);
      const address = href ? (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="md-link">
          <VisibleText text={n.url} />
        </a>
      ) : (
        <span className="md-not-link" title="Not a web address: shown as text">
          <VisibleText text={n.url} />
        </span>
      );
      // The label never stands alone: the address it leads to is shown beside it.
      if (n.auto || inlineText(n.children) === n.url) return <Fragment key={key}>{address}</Fragment>;
      return (
        <Fragment key={key}>
          {inlines(n.children)} ({address})
        </Fragment>
      );
    }
  }
}
