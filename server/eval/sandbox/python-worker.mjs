// Pyodide thread inside the Python sandbox process: loads the interpreter offline, compiles each evaluator into its own
// namespace and calls evaluate(); the host thread stops runaway code through the shared interrupt buffer.
import { constants } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

// Pyodide reads fs flag constants through process.binding, which the permission model forbids: hand it only those.
process.binding = (name) => {
  if (name === 'constants') return { fs: constants };
  throw new Error(`process.binding('${name}') is not available in the sandbox`);
};

const { loadPyodide } = await import(workerData.pyodideModuleUrl);
let logs = [];
const capture = (line) => {
  if (logs.length < 50) logs.push(line);
};
const pyodide = await loadPyodide({ indexURL: workerData.pyodideDirectory, stdout: capture, stderr: capture, env: {} });
pyodide.setInterruptBuffer(new Int32Array(workerData.interruptBuffer));
pyodide.runPython(`
import inspect, json

_loupe_programs = {}
_loupe_fields = ('input', 'output', 'expected', 'metadata', 'span')

def _loupe_load(key, code):
    namespace = {'__name__': '__evaluator__'}
    exec(compile(code, '<evaluator>', 'exec'), namespace)
    evaluate = namespace.get('evaluate')
    if not callable(evaluate):
        raise ValueError('define a function evaluate(args) taking a dict with input, output, expected, metadata, span')
    parameters = inspect.signature(evaluate).parameters
    by_keyword = any(name in _loupe_fields for name in parameters)
    _loupe_programs[key] = (evaluate, by_keyword, [name for name in parameters if name in _loupe_fields])

def _loupe_call(key, payload):
    evaluate, by_keyword, names = _loupe_programs[key]
    args = json.loads(payload)
    result = evaluate(**{name: args[name] for name in names}) if by_keyword else evaluate(args)
    return json.dumps(result, allow_nan=False)
`);
const load = pyodide.globals.get('_loupe_load');
const call = pyodide.globals.get('_loupe_call');
const loaded = new Set();

parentPort.on('message', (request) => {
  logs = [];
  try {
    if (!loaded.has(request.key)) {
      load(request.key, request.code);
      loaded.add(request.key);
    }
    parentPort.postMessage({ ok: call(request.key, request.payload), logs });
  } catch (error) {
    parentPort.postMessage({ error: describe(error), logs });
  }
});
parentPort.postMessage({ ready: true });

/** The last line of a Python traceback names the error; keep a few lines above it for context. */
function describe(error) {
  const text = String(error?.message ?? error);
  const lines = text.trim().split('\n');
  const start = lines.findIndex((line) => line.includes('File "<evaluator>"'));
  return (start >= 0 ? lines.slice(start) : lines.slice(-1)).join('\n').slice(0, 2000);
}
