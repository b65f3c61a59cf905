import { loupeMapper } from '../../server/ingest/conventions/loupe.ts';
import { runMapperContract } from './mapper-contract.ts';

runMapperContract({ mapper: loupeMapper, fixtures: ['loupe'] });
