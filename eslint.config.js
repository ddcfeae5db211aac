// One lint config for the whole repo: TypeScript everywhere, Vue rules for web/, Prettier owns formatting.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'

/** `no-restricted-imports` patterns, one message per forbidden direction. */
const forbid = (group, message) => ({ group, message })

/** Transports (http/, ws/) see the domain, the protocol and logging; app.ts wires the rest. */
const transportReachesPast = forbid(
  ['**/store/**', '**/limits/**'],
  'Transports import the domain (rooms/), not the store or the limits: take what you need as a plugin option, wired in app.ts.',
)

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
          ]
            .map((regex) => ({
              regex,
              allowTypeImports: true,
              message:
                'The web bundle carries no validator: take protocol types with `import type`, values from a typebox-free module (frames, limits).',
            }))
            .concat([
              {
                regex: '(^|/)server/',
                allowTypeImports: false,
                message: 'The web app talks to the server over the wire only.',
              },
            ]),
        },
      ],
    },
  },
  {
    files: ['web/service-worker/sw.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ['bench/**', 'e2e/**', '.ci/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  // The direction of dependencies (transport → domain → store interface), and no cycles.
  {
    files: ['**/*.{ts,vue}'],
    plugins: { 'import-x': importX },
    settings: {
      // .vue files are checked, but not followed (import-x cannot parse their TypeScript);
      // server/test/import-graph.test.ts covers them, and type-only imports, too.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.vue', '.js', '.mjs', '.json'],
          // TypeScript's NodeNext style: `./x.js` in the source is `./x.ts` on disk.
          extensionAlias: { '.js': ['.ts', '.js'] },
        }),
      ],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    files: ['server/src/rooms/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['**/config', '**/config.js'], 'The domain defines its own types (RoomLimits).'),
            forbid(['**/ws/**', '**/http/**', '**/app.js'], 'The domain knows no transport.'),
            forbid(
              ['fastify', 'fastify-*', '@fastify/*', 'ws', 'ioredis'],
              'The domain imports no framework, socket or Redis library.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/http/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [transportReachesPast] }],
    },
  },
  {
    files: ['server/src/ws/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['**/http/**'], 'The socket transport sits beside http/, not on it.'),
            transportReachesPast,
          ],
        },
      ],
    },
  },
  {
    files: ['protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              ['**/server/**', '**/web/**'],
              'The protocol is imported by both, never the reverse.',
            ),
          ],
        },
      ],
    },
  },
  prettier,
)
