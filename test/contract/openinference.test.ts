import { openInferenceMapper } from '../../server/ingest/conventions/openinference.ts';
import { runMapperContract } from './mapper-contract.ts';

runMapperContract({ mapper: openInferenceMapper, fixtures: ['openinference'] });
