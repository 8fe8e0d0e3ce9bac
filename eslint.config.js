import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'public',
      'models',
      'test-results',
      'playwright-report',
      'bench/results',
      'scratch',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The layers of DESIGN.md: model/ and data/ run unchanged in the worker, in Node and in tests.
    files: ['src/model/**', 'src/data/**', 'src/lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'react',
                'react-dom',
                'react/*',
                '**/components/*',
                '**/state/*',
                '**/viz/*',
                '**/bridge/*',
                '**/worker/*',
              ],
              message: 'model/, data/ and lib/ import no DOM, React or UI code.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document'],
    },
  },
  {
    // UI code talks to workers only through bridge/; worker modules are imported for their types alone.
    files: ['src/components/**', 'src/tour/**', 'src/state/**', 'src/viz/**', 'src/persistence/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/worker/*', '!**/worker/protocol'],
              allowTypeImports: true,
              message: 'Import worker code with `import type`; talk to workers through bridge/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'tests/**', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
