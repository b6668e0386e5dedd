// Builds the named workspace packages (and what they depend on) through turbo, cached when nothing changed.
// Silent on success; on failure prints turbo's output and exits with its code. Shared by demo, bench and
// `pnpm tracker`, so none of them shows build noise in front of what the user asked for.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export function buildQuietly(filters) {
  const build = spawnSync(
    'pnpm',
    [
      'exec',
      'turbo',
      'run',
      'build',
      ...filters.map((filter) => `--filter=${filter}`),
      '--output-logs=errors-only',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      cwd: repoRoot,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (build.status !== 0) {
    process.stderr.write(
      `${build.stdout ?? ''}${build.stderr ?? ''}${build.error ? `${build.error.message}\n` : ''}`,
    );
    process.exit(build.status ?? 1);
  }
}
