import { writeFileSync } from 'node:fs';
import { HOSTILE_MODEL } from './test/fixtures/docs-models.ts';
writeFileSync('/tmp/hm/model.yaml', HOSTILE_MODEL);
