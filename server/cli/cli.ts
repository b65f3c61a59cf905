// `loupe start | import | export | keys create | worker`: parses arguments and dispatches; each command is small.
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { startEvalService } from '../jobs/eval-service.ts';
import { runServer } from '../main.ts';
import { type Store, openStore } from '../store/db.ts';
import { exportCommand, importCommand } from './import-command.ts';
import { createApiKey } from '../store/queries/api-keys.ts';
import { createProject, findProject } from '../store/queries/projects.ts';

const usage = `Usage: loupe <command>

Commands:
  start                                 run the server (tRPC API, OTLP, imports, web UI) on PORT
  keys create --project NAME [--name N] create an API key for a project (created if missing); printed once
  import <file> [--format F] [--project P] [--map field=column,...] [--resume ID] [--requests FILE]
                                        import a log file: otlp-jsonl, openai-batch, loupe, jsonl or csv
                                        (detected when --format is not given); --requests pairs OpenAI
                                        Batch output with its input file
  export [--format jsonl|csv] [--project P] [--from ISO] [--to ISO] [--model M] [--out FILE]
                                        export spans (jsonl is Loupe's re-importable format)
  worker                                evaluation workers only (no HTTP): take eval jobs from the queue in
                                        DATABASE_URL's PostgreSQL; run any number of them, on any machine
  help                                  show this help

Environment: PORT, DATABASE_URL (unset: embedded PGlite at LOUPE_DATA_DIR, default ./.loupe), LOUPE_ADMIN_TOKEN`;

/** Runs eval workers until SIGINT/SIGTERM; PGlite is single-process, so workers there live inside `loupe start`. */
async function workerCommand(): Promise<void> {
  const config = readConfig();
  if (!config.databaseUrl) {
    throw new Error('worker: set DATABASE_URL to the PostgreSQL the servers use (with embedded PGlite, `loupe start` runs the workers itself)');
  }
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const evals = await startEvalService({ store });
  console.log('Loupe eval worker started: taking jobs from PostgreSQL');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await evals.close();
  await store.close();
}

async function createKeyCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { project: { type: 'string' }, name: { type: 'string', default: 'cli' } },
  });
  const projectName = values.project;
  if (!projectName) throw new Error('keys create: --project NAME is required');
  await withStore(async (store) => {
    let project = await findProject(store.db, projectName);
    if (!project) {
      project = await createProject(store.db, projectName);
      if (!project) throw new Error(`keys create: could not create project "${projectName}"`);
      console.error(`Created project "${project.name}" (${project.id}).`);
    }
    const key = await createApiKey(store.db, { projectId: project.id, name: values.name });
    console.error(`API key "${key.name}" for project "${project.name}" (shown once; stored only as a hash):`);
    console.log(key.secret);
  });
}

async function withStore<T>(use: (store: Store) => Promise<T>): Promise<T> {
  const config = readConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      await runServer();
      return;
    case 'keys':
      if (rest[0] !== 'create') throw new Error(`keys: unknown subcommand "${rest[0] ?? ''}"\n\n${usage}`);
      await createKeyCommand(rest.slice(1));
      return;
    case 'import':
    case 'export':
      process.exitCode = await withStore((store) => (command === 'import' ? importCommand(store, rest) : exportCommand(store, rest)));
      return;
    case 'worker':
      await workerCommand();
      return;
    case undefined:
    case 'help':
    case '--help':
      console.log(usage);
      return;
    default:
      throw new Error(`unknown command "${command}"\n\n${usage}`);
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`loupe: ${error.message}`);
  process.exit(1);
});
