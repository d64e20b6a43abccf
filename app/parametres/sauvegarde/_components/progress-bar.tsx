/** A labelled progress bar; indeterminate when the total is unknown. */
export function ProgressBar({ value, total, label }: { value: number; total: number | undefined; label: string }) {
  const known = total !== undefined && total > 0;
  const percent = known ? Math.min(100, Math.round((value / total) * 100)) : undefined;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      {...(percent !== undefined ? { "aria-valuenow": percent } : {})}
      className={known ? "progress" : "progress indeterminate"}
    >
      <div style={{ width: `${percent ?? 0}%` }} />
    </div>
  );
}
