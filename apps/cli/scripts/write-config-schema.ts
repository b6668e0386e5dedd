// Regenerates config.schema.json from the zod schemas: `pnpm --filter @tracker/cli schema`.
import { writeFileSync } from 'node:fs';
import { clockifySink } from '@tracker/sink-clockify';
import { buildConfigJsonSchema } from '../src/config/config-json-schema.js';

const schema = buildConfigJsonSchema({ clockify: clockifySink.optionsSchema });
writeFileSync(new URL('../config.schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
console.log('wrote config.schema.json');
