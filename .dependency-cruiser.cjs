// Import direction is one way: cli -> library stages -> model. Checked by `npm run lint`.
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'only-the-cli-uses-the-cli',
      comment:
        'The library never prints or exits; only bin/ and src/cli/ reach the command line code (and the script that writes the JSON Schemas of the config file and of the --json output).',
      severity: 'error',
      from: { pathNot: '^((src/cli|bin)/|scripts/write-json-schema[.]ts$)' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'the-model-is-the-centre',
      comment: 'The model depends on no stage around it.',
      severity: 'error',
      from: { path: '^src/model/', pathNot: '[.]test[.]ts$' },
      to: { path: '^src/(readers|writers|cli|db|diff)/' },
    },
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.json'],
      conditionNames: ['import', 'node', 'default'],
      exportsFields: ['exports'],
    },
  },
};
