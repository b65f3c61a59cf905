// Edits one evaluator (or a new one): name, kind, code or config; tests the unsaved text on the newest span; saving an
// existing evaluator records a new version.
import { useEffect, useState } from 'react';
import { type Definition, type EvaluatorKind, useEvaluator, useSaveEvaluator, useTestEvaluator } from '../hooks/use-evaluators.ts';
import { fromEditorText, isCodeKind, kindLabels, templates, toEditorText } from './kind-templates.ts';
import { TestResult } from './test-result.tsx';

type Props = { evaluatorId: string | null; onSaved: (evaluatorId: string) => void };

export function EvaluatorEditor({ evaluatorId, onSaved }: Props) {
  const evaluator = useEvaluator(evaluatorId);
  const latest = evaluator.data?.versions[0];
  const [name, setName] = useState('');
  const [kind, setKind] = useState<EvaluatorKind>('javascript');
  const [text, setText] = useState(toEditorText({ kind: 'javascript', config: templates.javascript }));
  const save = useSaveEvaluator();
  const test = useTestEvaluator();

  useEffect(() => {
    if (evaluatorId === null) {
      setName('');
      setKind('javascript');
      setText(toEditorText({ kind: 'javascript', config: templates.javascript }));
    } else if (evaluator.data && latest) {
      setName(evaluator.data.name);
      setKind(latest.kind as EvaluatorKind);
      setText(toEditorText({ kind: latest.kind as EvaluatorKind, config: latest.config as Record<string, unknown> }));
    }
    test.reset();
    save.reset();
  }, [evaluatorId, evaluator.data, latest, test.reset, save.reset]);

  const previousConfig = (latest?.config as Record<string, unknown> | undefined) ?? {};
  const parsed = fromEditorText(kind, text, latest?.kind === kind ? previousConfig : {});
  const definition: Definition | null = 'problem' in parsed ? null : parsed;
  const problem = 'problem' in parsed ? parsed.problem : null;
  const error = save.error ?? test.error;

  return (
    <section className="card evaluator-editor" aria-label="Evaluator editor">
      <div className="editor-header">
        <h3>{evaluatorId ? `${evaluator.data?.name ?? ''} · version ${evaluator.data?.latestVersion ?? ''}` : 'New evaluator'}</h3>
      </div>
      <div className="editor-fields">
        <label className="field">
          <span>Name</span>
          <input value={name} disabled={evaluatorId !== null} onChange={(event) => setName(event.target.value)} placeholder="e.g. answer-length" />
        </label>
        <label className="field">
          <span>Kind</span>
          <select
            value={kind}
            onChange={(event) => {
              const next = event.target.value as EvaluatorKind;
              setKind(next);
              setText(toEditorText({ kind: next, config: templates[next] }));
            }}
          >
            {Object.entries(kindLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span>{isCodeKind(kind) ? 'Code: define evaluate({ input, output, expected, metadata, span })' : 'Config (JSON)'}</span>
        <textarea className="code-editor" aria-label="Evaluator code" spellCheck={false} value={text} onChange={(event) => setText(event.target.value)} rows={10} />
      </label>
      {kind === 'llm_judge' && previousConfig.hasApiKey ? <p className="muted">The saved API key is kept unless you set "apiKey".</p> : null}
      {problem ? <p className="error">{problem}</p> : null}
      {error ? (
        <p className="error" role="alert">
          {error.message}
        </p>
      ) : null}
      <div className="filter-actions">
        <button
          type="button"
          className="button"
          disabled={!definition || test.isPending}
          onClick={() => definition && test.mutate({ evaluatorId, name, definition })}
        >
          {test.isPending ? 'Testing…' : 'Test on a sample span'}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={!definition || save.isPending || (evaluatorId === null && name.trim() === '')}
          onClick={() =>
            definition && save.mutate({ evaluatorId, name: name.trim(), definition }, { onSuccess: (saved) => onSaved(saved.id) })
          }
        >
          {save.isPending ? 'Saving…' : evaluatorId ? 'Save as new version' : 'Create evaluator'}
        </button>
        {save.isSuccess ? <span className="muted">Saved version {save.data.latestVersion}</span> : null}
      </div>
      {test.data ? <TestResult outcome={test.data} /> : null}
    </section>
  );
}
