import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  // Build output, fixtures, and local scratch folders that git ignores (.cache, .agents, .scratch-*).
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-main',
      'dist-electron',
      'test/fixtures',
      'bench/results',
      '.cache',
      '.agents',
      '.scratch-*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  // Layer boundaries (docs/ARCHITECTURE.md): what each folder may import, checked on every lint.
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'src-main/(?!shared/)',
              message: 'The renderer is a view: it imports from the main side only through src-main/shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/lib/**/*.ts', 'src-renderer/lib/**/*.svelte'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'src-main/(?!shared/)',
              message: 'The renderer imports the main side only through src-main/shared/.',
            },
            { regex: '(^|/)views/', message: 'lib/ is shared by the views and must not import one.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(host|server|electron|cli|engine-client)/',
              message: 'shared/ holds types and pure helpers both sides use; it cannot depend on a process.',
            },
            { regex: 'src-renderer/', message: 'shared/ cannot depend on the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'shared/protocol',
              message: 'The engine knows nothing of the protocol: host/ translates engine errors and params.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/zoo/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)analysis/', message: 'The zoo is data; analysis reads it, never the reverse.' },
          ],
        },
      ],
    },
  },
);
