import { revealHidden, type VisibleOptions } from './visible-text.js';

const MARKUP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text as HTML or XML character data or a quoted attribute value: every
 * markup character escaped (`<script>` reads as `<script>`, a quote cannot
 * end an attribute). The one escaper for HTML reports and SVG files.
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => MARKUP[c] as string);
}

/**
 * Imported or posted text for HTML: hidden and direction-changing characters
 * shown as ⟨U+202E⟩ markers first (visible-text.ts), then escaped, so nothing
 * in it can hide, reorder or become markup.
 */
export function htmlText(text: string, options: VisibleOptions = {}): string {
  return escapeMarkup(revealHidden(text, options));
}
