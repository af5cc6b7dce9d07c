/**
 * A number field for a required whole number (seed, workers, group size). The text being typed is kept as
 * typed and committed whenever it reads as a whole number within [min, max]; leaving the field shows the
 * committed value again. A plain controlled input snapped an emptied field to a default at once, so clearing
 * "2" and typing "8" gave "18".
 */
import { useState } from 'react';

interface IntegerInputProps {
  readonly id?: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly disabled?: boolean;
  readonly title?: string;
  readonly onChange: (value: number) => void;
}

export function IntegerInput({ id, value, min, max, disabled, title, onChange }: IntegerInputProps) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      id={id}
      type="number"
      min={min}
      max={max}
      step={1}
      value={draft ?? String(value)}
      disabled={disabled}
      title={title}
      onChange={(e) => {
        const text = e.target.value;
        setDraft(text);
        const parsed = Number(text);
        if (text.trim() !== '' && Number.isInteger(parsed) && parsed >= min && parsed <= max) onChange(parsed);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}
