import { genAiMapper } from '../../server/ingest/conventions/gen-ai.ts';
import { runMapperContract } from './mapper-contract.ts';

runMapperContract({ mapper: genAiMapper, fixtures: ['gen-ai', 'openllmetry', 'vercel-ai'] });
