// Evaluations: the project's evaluators, the editor for the selected (or a new) one, running it on spans, and runs.
import { useState } from 'react';
import { useEvaluatorList } from '../hooks/use-evaluators.ts';
import { EvaluatorEditor } from './evaluator-editor.tsx';
import { kindLabels } from './kind-templates.ts';
import { RunForm } from './run-form.tsx';
import { RunList } from './run-list.tsx';

export function EvalsPage() {
  const evaluators = useEvaluatorList();
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <div className="evals">
      <div className="evals-top">
        <nav className="card evaluator-list" aria-label="Evaluators">
          <button type="button" className={selected === null ? 'evaluator-item active' : 'evaluator-item'} onClick={() => setSelected(null)}>
            + New evaluator
          </button>
          {evaluators.data?.map((evaluator) => (
            <button
              key={evaluator.id}
              type="button"
              className={selected === evaluator.id ? 'evaluator-item active' : 'evaluator-item'}
              onClick={() => setSelected(evaluator.id)}
            >
              <span className="evaluator-name">{evaluator.name}</span>
              <span className="muted">
                {kindLabels[evaluator.kind as keyof typeof kindLabels] ?? evaluator.kind} · v{evaluator.latestVersion}
              </span>
            </button>
          ))}
          {evaluators.isError ? <p className="error">{evaluators.error.message}</p> : null}
        </nav>
        <div className="evals-main">
          <EvaluatorEditor evaluatorId={selected} onSaved={setSelected} />
          {selected ? <RunForm evaluatorId={selected} /> : null}
        </div>
      </div>
      <h3>Runs</h3>
      <RunList />
    </div>
  );
}
