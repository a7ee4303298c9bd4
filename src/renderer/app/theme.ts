import { themes, type Theme } from '../model/view-state.js';

const KEY = 'sightline-theme';

export function storedTheme(): Theme {
  try {
    const t = localStorage.getItem(KEY);
    return themes.find((x) => x === t) ?? 'system';
  } catch {
    return 'system';
  }
}

export function nextTheme(t: Theme): Theme {
  return themes[(themes.indexOf(t) + 1) % themes.length] as Theme;
}

/**
 * Sets `data-theme` on the root to light or dark (the CSS variables follow,
 * the canvas reads them), following the system while the choice is
 * `system`; remembers the choice. Returns the stop function.
 */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): () => void {
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Storage refused (private mode): the choice lasts this session.
  }
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const set = () => {
    root.dataset.theme = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme;
  };
  set();
  if (theme !== 'system') return () => undefined;
  media.addEventListener('change', set);
  return () => media.removeEventListener('change', set);
}
