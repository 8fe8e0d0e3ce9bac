/**
 * A row of radio buttons drawn as one segmented control (the page's
 * "segmented small" style): a radiogroup with an accessible name, one
 * labelled radio per option, the chosen one marked active.
 */
export function Segmented<T extends string>({
  label,
  name,
  options,
  value,
  onChange,
  text,
}: {
  /** The radiogroup's accessible name. */
  label: string;
  /** The radios' shared name (unique on the page: a useId() value). */
  name: string;
  options: readonly T[];
  value: T;
  onChange: (value: T) => void;
  /** Each option's visible label. */
  text: (option: T) => string;
}) {
  return (
    <div role="radiogroup" aria-label={label} className="segmented small">
      {options.map((option) => (
        <label key={option} className={option === value ? 'segment active' : 'segment'}>
          <input type="radio" name={name} checked={option === value} onChange={() => onChange(option)} />
          {text(option)}
        </label>
      ))}
    </div>
  );
}
