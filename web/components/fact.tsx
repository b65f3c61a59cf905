// One labelled value in a <dl>: span facts, trace summaries and dashboard totals.
import type { ReactNode } from 'react';

export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}
