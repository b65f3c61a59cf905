import { langfuseMapper } from '../../server/ingest/conventions/langfuse.ts';
import { runMapperContract } from './mapper-contract.ts';

runMapperContract({ mapper: langfuseMapper, fixtures: ['langfuse'] });
