// `--env NAME`: the database URL of a named environment of schemata.config.yaml, from the file (`url`)
// or from the environment variable it names (`urlEnv`).
import { closestName } from '../../model/closest-name.ts';
import { ownEntry } from '../../model/model-path.ts';
import { isDatabaseUrl } from '../../db/database.ts';
import { CliError } from '../cli-error.ts';
import type { ProjectConfig } from './config-schema.ts';

export function environmentUrl(
  config: ProjectConfig | undefined,
  name: string,
  variables: NodeJS.ProcessEnv = process.env,
): string {
  if (config === undefined)
    throw new CliError(
      'no-config',
      `--env ${name} needs schemata.config.yaml, and there is none in this directory or above`,
      'create one with schemata init, and name the database under environments:',
    );
  const environments = config.values.environments ?? {};
  const environment = ownEntry(environments, name);
  const fail = (code: string, message: string, path: string[], hint: string) =>
    new CliError(code, '', undefined, [
      { code, severity: 'error', message, location: config.locate(path), hint },
    ]);
  if (environment === undefined) {
    const names = Object.keys(environments);
    const close = closestName(name, names);
    throw fail(
      'unknown-environment',
      `--env ${name}: the config file has no environment "${name}"`,
      names.length > 0 ? ['environments'] : [],
      close
        ? `did you mean ${close}? (environments: ${names.join(', ')})`
        : names.length > 0
          ? `environments: ${names.join(', ')}`
          : `add it: environments: { ${name}: { urlEnv: ${name.toUpperCase().replace(/\W/g, '_')}_DATABASE_URL } }`,
    );
  }
  if (environment.url !== undefined) return environment.url;
  const variable = environment.urlEnv ?? '';
  const value = variables[variable];
  if (value === undefined || value === '')
    throw fail(
      'unset-environment-variable',
      `environment "${name}" takes its database URL from $${variable}, which is not set`,
      ['environments', name, 'urlEnv'],
      `set it, e.g. export ${variable}=postgres://user@host/db`,
    );
  if (!isDatabaseUrl(value))
    throw fail(
      'invalid-environment-url',
      `environment "${name}": $${variable} does not hold a postgres:// URL`,
      ['environments', name, 'urlEnv'],
      `set ${variable} to postgres://user@host/db`,
    );
  return value;
}
