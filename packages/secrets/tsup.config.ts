import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'node20',
  dts: true,
  clean: true,
  sourcemap: true,
  // An optional native dependency: imported at run time if installed, never bundled.
  external: ['@napi-rs/keyring'],
});
