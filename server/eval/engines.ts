// The evaluation engines one process shares between its API (previews, tests on a span) and its queue workers.
import type { EvalEngines } from './evaluate-spans.ts';
import { createJavaScriptSandbox } from './sandbox/javascript-sandbox.ts';
import { type PythonSandboxOptions, createPythonSandbox } from './sandbox/python-sandbox.ts';

export type OwnedEngines = EvalEngines & { close: () => Promise<void> };

/** Sandboxes start lazily, on the first evaluation of their language. */
export function createEvalEngines(options: { python?: PythonSandboxOptions } = {}): OwnedEngines {
  const javascript = createJavaScriptSandbox();
  const python = createPythonSandbox(options.python);
  return {
    javascript,
    python,
    close: async () => {
      await Promise.all([javascript.close(), python.close()]);
    },
  };
}
