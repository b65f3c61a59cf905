import { openLlmetryMapper } from '../../server/ingest/conventions/openllmetry.ts';
import { runMapperContract } from './mapper-contract.ts';

runMapperContract({ mapper: openLlmetryMapper, fixtures: ['openllmetry'] });
