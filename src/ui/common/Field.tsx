/**
 * A labelled form control. The label is tied to the control by id rather than by wrapping it, so the
 * control's accessible name is exactly the label text (a wrapping label would also take in option texts).
 */
import { cloneElement, useId, type ReactElement } from 'react';

export function Field({ label, children }: { label: string; children: ReactElement<{ id?: string }> }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
    </div>
  );
}
