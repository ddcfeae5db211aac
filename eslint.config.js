// One lint config for the whole repo: TypeScript everywhere, Vue rules for web/, Prettier owns formatting.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/results/**', 'e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['web/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'vue/multi-word-component-names': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            // TypeBox itself, the schemas, and the barrel that re-exports everything.
            '^@sinclair/typebox(/|$)',
            '(^|/)protocol/schemas',
            '(^|/)protocol(/index(\\.[jt]s)?)?$',
          ].map((regex) => ({
            regex,
            allowTypeImports: true,
            message:
              'The web bundle carries no validator: take protocol types with `import type`, values from a typebox-free module (frames, limits).',
          })),
        },
      ],
    },
  },
  {
    files: ['bench/**', 'e2e/**', '.ci/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  prettier,
)
