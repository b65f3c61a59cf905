// Filter form for span searches and dashboards: edits a draft, applies it to the URL on submit.
import { type FormEvent, useEffect, useState } from 'react';
import { type Draft, fromDraft, listOf, toDraft, validateDraft } from '../lib/filter-draft.ts';
import { type SpanFilters, clearFilters } from '../lib/span-filters.ts';

export type FilterField =
  | 'name'
  | 'kind'
  | 'status'
  | 'model'
  | 'provider'
  | 'userId'
  | 'sessionId'
  | 'traceId'
  | 'tags'
  | 'metadata'
  | 'scores'
  | 'latency'
  | 'cost'
  | 'tokens';

export type FacetLists = { names: string[]; models: string[]; providers: string[]; tags: string[] };

const spanKinds = ['llm', 'embedding', 'tool', 'agent', 'chain', 'retriever', 'evaluator', 'guardrail', 'span'];
const spanStatuses = ['ok', 'error', 'unset'];

type Props = {
  filters: SpanFilters;
  fields: FilterField[];
  facets?: FacetLists | undefined;
  onApply: (filters: SpanFilters) => void;
};

export function SpanFilterForm({ filters, fields, facets, onApply }: Props) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(filters));
  useEffect(() => setDraft(toDraft(filters)), [filters]);
  const problems = validateDraft(draft);
  const shows = (field: FilterField) => fields.includes(field);
  const set = (key: keyof Draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  const toggle = (key: 'kind' | 'status', value: string) => {
    const values = listOf(draft[key]);
    setDraft({ ...draft, [key]: (values.includes(value) ? values.filter((other) => other !== value) : [...values, value]).join(',') });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.length === 0) onApply(fromDraft(draft, filters));
  };
  const textField = (key: keyof Draft, label: string, options: { list?: string; placeholder?: string } = {}) => (
    <label className="field" key={key}>
      <span>{label}</span>
      <input name={key} value={draft[key]} onChange={set(key)} list={options.list} placeholder={options.placeholder} />
    </label>
  );
  const rangeField = (label: string, minimum: keyof Draft, maximum: keyof Draft) => (
    <div className="field range-field" key={label}>
      <span>{label}</span>
      <div className="range-inputs">
        <input name={minimum} aria-label={`${label} min`} inputMode="decimal" placeholder="min" value={draft[minimum]} onChange={set(minimum)} />
        <input name={maximum} aria-label={`${label} max`} inputMode="decimal" placeholder="max" value={draft[maximum]} onChange={set(maximum)} />
      </div>
    </div>
  );
  const chips = (key: 'kind' | 'status', label: string, values: string[]) => (
    <div className="field" key={key}>
      <span>{label}</span>
      <div className="chips">
        {values.map((value) => (
          <button
            type="button"
            key={value}
            aria-pressed={listOf(draft[key]).includes(value)}
            className={listOf(draft[key]).includes(value) ? 'chip on' : 'chip'}
            onClick={() => toggle(key, value)}
          >
            {value}
          </button>
        ))}
      </div>
    </div>
  );

  return (
    <form className="filter-form" onSubmit={submit} aria-label="Filters">
      <datalist id="facet-names">{facets?.names.map((value) => <option key={value} value={value} />)}</datalist>
      <datalist id="facet-models">{facets?.models.map((value) => <option key={value} value={value} />)}</datalist>
      <datalist id="facet-providers">{facets?.providers.map((value) => <option key={value} value={value} />)}</datalist>
      <datalist id="facet-tags">{facets?.tags.map((value) => <option key={value} value={value} />)}</datalist>
      <div className="filter-grid">
        {shows('name') ? textField('name', 'Span name', { list: 'facet-names' }) : null}
        {shows('model') ? textField('model', 'Model', { list: 'facet-models', placeholder: 'comma-separated' }) : null}
        {shows('provider') ? textField('provider', 'Provider', { list: 'facet-providers', placeholder: 'comma-separated' }) : null}
        {shows('userId') ? textField('userId', 'User') : null}
        {shows('sessionId') ? textField('sessionId', 'Session') : null}
        {shows('traceId') ? textField('traceId', 'Trace ID', { placeholder: '32 hex characters' }) : null}
        {shows('tags') ? textField('tags', 'Tags (all of)', { list: 'facet-tags', placeholder: 'comma-separated' }) : null}
        {shows('metadata') ? textField('metadata', 'Metadata', { placeholder: 'key=value, …' }) : null}
        {shows('scores') ? textField('scores', 'Scores', { placeholder: 'quality<0.5, resolved=false' }) : null}
        {shows('latency') ? rangeField('Latency (ms)', 'minLatencyMs', 'maxLatencyMs') : null}
        {shows('cost') ? rangeField('Cost (USD)', 'minCostUsd', 'maxCostUsd') : null}
        {shows('tokens') ? rangeField('Tokens', 'minTokens', 'maxTokens') : null}
        {shows('kind') ? chips('kind', 'Kind', spanKinds) : null}
        {shows('status') ? chips('status', 'Status', spanStatuses) : null}
      </div>
      {problems.length > 0 ? (
        <ul className="error" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <div className="filter-actions">
        <button type="submit" className="button primary" disabled={problems.length > 0}>
          Apply filters
        </button>
        <button
          type="button"
          className="button subtle"
          onClick={() => onApply(clearFilters(filters))}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
