/** "Test digit # [n]": a number input for one of the 10,000 test digits (the text as typed). */
export function TestDigitInput({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (value: string) => void;
  /** The input's accessible name. */
  label: string;
}) {
  return (
    <label>
      Test digit #{' '}
      <input
        type="number"
        min={0}
        max={9999}
        value={value}
        aria-label={label}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
