import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.tmp*', 'probe*', 'prisma/generated/', '.data/', '.tools/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'pg', '@prisma/*', '**/activities/*', '**/api/*', '**/scripts/*'],
              allowTypeImports: true,
              message: 'workflows run in a deterministic sandbox: import only domain code, and activities as types',
            },
          ],
        },
      ],
    },
  },
);
