import { vercelAiMapper } from '../../server/ingest/conventions/vercel-ai.ts';
import { runMapperContract } from './mapper-contract.ts';

runMapperContract({ mapper: vercelAiMapper, fixtures: ['vercel-ai'] });
