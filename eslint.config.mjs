// Lint with zero warnings allowed (every lint target runs eslint --max-warnings=0).
// Module boundaries: apps never import apps; a service imports only shared libs; libs never
// import apps; contracts import nothing of ours.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.cache/**', '**/*.js', '**/*.mjs', '**/.nx/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:util', 'type:data', 'type:contracts'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:data', 'type:contracts'] },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:app', 'type:util', 'type:data', 'type:contracts', 'type:tool'] },
            { sourceTag: 'scope:scoring', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:ownership', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:handoff', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:feedback', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:tools', 'scope:shared', 'scope:scoring', 'scope:ownership', 'scope:handoff', 'scope:feedback', 'scope:gateway'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
