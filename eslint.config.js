// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'url', 'stream', 'events', 'worker_threads'];
const pattern = (group, message) => ({ group, message });

/**
 * The import boundaries of architecture.md, as errors: each folder names what it may not import.
 * `test/unit/boundaries.test.ts` proves every rule fires on a forbidden import.
 */
export const boundaries = {
  'shared/**': [
    pattern(['**/main/**', '**/renderer/**', '**/preload/**', '**/sandbox/**'], 'shared/ imports nothing from the other folders.'),
    pattern([...NODE_BUILTINS, 'electron', 'react', 'react-dom', 'better-sqlite3', 'axios'], 'shared/ is pure TypeScript: no Node, DOM, Electron or I/O libraries.'),
  ],
  'renderer/**': [
    pattern(['**/main/**', '**/sandbox/**', '**/preload/**'], 'The renderer reaches the outside only through renderer/src/bridge.'),
    pattern([...NODE_BUILTINS, 'electron', 'better-sqlite3', 'axios'], 'The renderer runs in a sandboxed page: no Node modules.'),
  ],
  'main/**': [
    pattern(['**/renderer/**', '**/sandbox/**', '**/preload/**'], 'main/ may not import the renderer, the preload or the sandbox (the app composition root is the exception).'),
    pattern(['electron', 'electron/*'], 'Only main/electron/ imports electron.'),
  ],
  'sandbox/**': [
    pattern(['**/main/**', '**/renderer/**', '**/preload/**'], 'sandbox/ imports only shared/.'),
    pattern(['electron', 'react', 'axios'], 'sandbox/ is a plain Node HTTP server.'),
  ],
  'preload/**': [
    pattern(['**/main/**', '**/renderer/**', '**/sandbox/**', 'zod'], 'The preload stays narrow: electron and shared/ipc/channels only.'),
    pattern([...NODE_BUILTINS], 'A sandboxed preload has no Node modules.'),
  ],
};

/** Demo mode starts the sandbox in-process: this one file may import sandbox/, nothing else in main/. */
const DEMO_SANDBOX_ROOT = 'main/app/demo-sandbox.ts';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.cache/**', 'release/**', 'test-results/**', 'playwright-report/**', 'docs/**', 'reports/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  ...Object.entries(boundaries).map(([glob, patterns]) => ({
    files: [glob],
    ignores: glob === 'main/**' ? ['main/electron/**', DEMO_SANDBOX_ROOT] : [],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  {
    files: ['main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: boundaries['main/**'].filter((p) => !p.group.includes('electron')) }] },
  },
  {
    files: [DEMO_SANDBOX_ROOT],
    rules: {
      'no-restricted-imports': ['error', { patterns: [pattern(['**/renderer/**', '**/preload/**', 'electron', 'electron/*'], 'The demo composition root only adds the sandbox.')] }],
    },
  },
);
