// The spans explorer: time range, text search, filters (all in the URL), a virtualized table and "load more".
import { useEffect, useState } from 'react';
import { GettingStarted } from '../../../components/empty-state.tsx';
import { SpanFilterForm } from '../../../components/span-filter-form.tsx';
import { TimeRangePicker } from '../../../components/time-range-picker.tsx';
import { useSession } from '../../../lib/session.ts';
import { countActiveFilters } from '../../../lib/span-filters.ts';
import { useFilters } from '../../../lib/use-filters.ts';
import { useProjectHasSpans } from '../../../lib/use-project-has-spans.ts';
import { useFacets } from '../hooks/use-facets.ts';
import { useSpanPages } from '../hooks/use-span-pages.ts';
import { SpanTable } from './span-table.tsx';

export function ExplorerPage() {
  const session = useSession();
  const [filters, setFilters] = useFilters();
  const [now, setNow] = useState(() => Date.now());
  const [showFilters, setShowFilters] = useState(() => countActiveFilters(filters) > 0);
  const [text, setText] = useState(filters.text ?? '');
  useEffect(() => setText(filters.text ?? ''), [filters.text]);
  const pages = useSpanPages(filters, now);
  const facets = useFacets(filters.range, now, showFilters);
  const rows = pages.data?.pages.flatMap((page) => page.spans) ?? [];
  const empty = pages.isSuccess && rows.length === 0;
  const hasSpans = useProjectHasSpans(empty);
  const active = countActiveFilters(filters);

  return (
    <div className="explorer">
      <div className="toolbar">
        {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is announced as a search landmark everywhere; <search> is too new for some readers */}
        <form
          className="search-form"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setFilters({ ...filters, text: text.trim() === '' ? undefined : text.trim() });
          }}
        >
          <input
            type="search"
            aria-label="Search input and output"
            placeholder="Search input and output…"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </form>
        <TimeRangePicker
          range={filters.range}
          onChange={(range) => {
            setNow(Date.now());
            setFilters({ ...filters, range });
          }}
        />
        <button type="button" className="button" aria-expanded={showFilters} onClick={() => setShowFilters(!showFilters)}>
          Filters{active > 0 ? ` (${active})` : ''}
        </button>
        <button type="button" className="button subtle" onClick={() => setNow(Date.now())} title="Re-run with the range ending now">
          Refresh
        </button>
      </div>
      {showFilters ? (
        <SpanFilterForm
          filters={filters}
          facets={facets}
          fields={['name', 'model', 'provider', 'userId', 'sessionId', 'traceId', 'tags', 'metadata', 'scores', 'latency', 'cost', 'tokens', 'kind', 'status']}
          onApply={setFilters}
        />
      ) : null}
      {pages.isError ? (
        <p className="error" role="alert">
          {pages.error.message}
        </p>
      ) : null}
      {empty && hasSpans === false ? (
        <GettingStarted session={session} />
      ) : empty ? (
        <p className="empty">No spans match these filters in this time range.</p>
      ) : (
        <SpanTable
          rows={rows}
          sortBy={filters.sortBy}
          order={filters.order}
          loading={pages.isPending}
          onSortChange={(sortBy, order) => setFilters({ ...filters, sortBy, order })}
        />
      )}
      <div className="table-footer" hidden={empty}>
        <span className="muted" data-testid="loaded-count">
          {pages.isPending ? 'Loading…' : `${rows.length} span${rows.length === 1 ? '' : 's'} loaded`}
        </span>
        {pages.hasNextPage ? (
          <button type="button" className="button" disabled={pages.isFetchingNextPage} onClick={() => pages.fetchNextPage()}>
            {pages.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        ) : rows.length > 0 ? (
          <span className="muted">End of results</span>
        ) : null}
      </div>
    </div>
  );
}
