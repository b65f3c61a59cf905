// Time range picker: presets relative to now, or a custom from/to in local time.
import { useState } from 'react';
import { type TimeRange, rangePresets } from '../lib/time-range.ts';

/** `datetime-local` inputs speak local wall-clock time without a zone. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

export function TimeRangePicker({ range, onChange }: { range: TimeRange; onChange: (range: TimeRange) => void }) {
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(
    'from' in range ? { from: toLocalInput(range.from), to: toLocalInput(range.to) } : null,
  );
  const customInvalid = custom !== null && (!custom.from || !custom.to || new Date(custom.from) >= new Date(custom.to));

  return (
    <div className="time-range">
      <select
        aria-label="Time range"
        value={'preset' in range && custom === null ? range.preset : 'custom'}
        onChange={(event) => {
          if (event.target.value === 'custom') {
            const now = Date.now();
            setCustom({ from: toLocalInput(new Date(now - 3_600_000).toISOString()), to: toLocalInput(new Date(now).toISOString()) });
            return;
          }
          setCustom(null);
          onChange({ preset: event.target.value });
        }}
      >
        {rangePresets.map((preset) => (
          <option key={preset.key} value={preset.key}>
            {preset.label}
          </option>
        ))}
        <option value="custom">Custom range…</option>
      </select>
      {custom ? (
        <>
          <input
            type="datetime-local"
            aria-label="From"
            value={custom.from}
            onChange={(event) => setCustom({ ...custom, from: event.target.value })}
          />
          <span className="muted">to</span>
          <input type="datetime-local" aria-label="To" value={custom.to} onChange={(event) => setCustom({ ...custom, to: event.target.value })} />
          <button
            type="button"
            className="button"
            disabled={customInvalid}
            title={customInvalid ? 'From must be before To' : undefined}
            onClick={() => onChange({ from: new Date(custom.from).toISOString(), to: new Date(custom.to).toISOString() })}
          >
            Apply
          </button>
        </>
      ) : null}
    </div>
  );
}
