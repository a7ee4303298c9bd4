import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'stream', 'url', 'util', 'worker_threads', 'buffer'];
const pattern = (group, message) => ({ group, message });

/**
 * Import boundaries between runtimes (see CODE.md), in the spirit of VS Code's
 * layering rule: the build fails when code reaches into a runtime it must not
 * know about.
 */
const boundaries = [
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern(['electron', 'react', 'react-dom', 'react/*', 'd3', 'd3-*', 'better-sqlite3', ...nodeBuiltins], 'shared is pure: no Node, DOM, React or Electron.'),
        pattern(['**/core/**', '**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**'], 'shared depends on nothing else in src.'),
      ] }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern(['electron', 'react', 'react-dom', 'react/*', 'd3', 'd3-*'], 'core is plain Node: no Electron, React or DOM.'),
        pattern(['**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**'], 'core depends only on shared.'),
      ] }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern([...nodeBuiltins, 'electron', 'better-sqlite3'], 'the renderer runs in a browser: no Node built-ins, no Electron.'),
        pattern(['**/core/**', '**/main/**', '**/preload/**', '**/cli/**'], 'the renderer talks to the engine only through the contract client.'),
      ] }],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern(['**/core/**', '**/main/**', '**/renderer/**', '**/cli/**', 'better-sqlite3', 'react', 'd3', ...nodeBuiltins], 'the preload imports only shared (and electron).'),
      ] }],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern(['**/renderer/**', '**/cli/**', 'react', 'react-dom', 'd3'], 'main is the Electron adapter: core and shared only.'),
      ] }],
    },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/.work/**', 'bench/.tmp/**', 'native/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The graph benchmark's page runs in Chromium (bundled at bench time).
    files: ['bench/graph-canvas/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...boundaries,
);
