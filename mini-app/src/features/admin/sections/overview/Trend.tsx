import { Area, AreaChart, ResponsiveContainer, Tooltip } from 'recharts';

export interface TrendPoint {
  day: string;
  value: number;
  /** What the tooltip says for the day (an amount with its currency, say); the plain number otherwise. */
  label?: string;
}

/** A figure's days as a small chart under it: the shape, and each day's value on hover. */
export function Trend({ points, testId, lang }: { points: TrendPoint[] | null; testId: string; lang: string }) {
  // Holds its place while the days load, so the figures do not jump.
  if (!points) return <div className="trend-chart" data-testid={`${testId}-loading`} />;
  const day = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return (
    <div className="trend-chart" data-testid={testId} data-points={points.length} aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={points} margin={{ top: 4, right: 0, bottom: 0, left: 0 }}>
          <Tooltip
            cursor={{ stroke: 'var(--hint)', strokeWidth: 1 }}
            wrapperStyle={{ zIndex: 3 }}
            content={({ active, payload }) => {
              const p = active && (payload?.[0]?.payload as TrendPoint | undefined);
              return p ? (
                <div className="trend-tip">
                  <span className="hint">{day(p.day)}</span> <strong>{p.label ?? p.value.toLocaleString(lang)}</strong>
                </div>
              ) : null;
            }}
          />
          <Area type="monotone" dataKey="value" stroke="var(--accent)" strokeWidth={1.5} fill="var(--accent)" fillOpacity={0.14} isAnimationActive={false} dot={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
