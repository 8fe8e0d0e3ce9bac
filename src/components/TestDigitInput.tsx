import { DigitCanvas } from './DigitCanvas';
import { appStore } from '../state/appStore';
import { useStore } from '../state/createStore';

/**
 * "Test digit number [n]": one of the 10,000 test digits by its number in the
 * test set (an index, not a class), with the digit itself and its label beside it.
 */
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
  const testSet = useStore(appStore, (s) => s.testSet);
  const index = Number(value);
  const valid =
    testSet !== null && value !== '' && Number.isInteger(index) && index >= 0 && index < testSet.labels.length;
  return (
    <span className="test-digit-input">
      <label>
        Test digit number{' '}
        <input
          type="number"
          min={0}
          max={9999}
          value={value}
          aria-label={label}
          aria-invalid={testSet !== null && !valid}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      {valid && (
        <span className="test-digit-preview">
          <DigitCanvas
            pixels={testSet.images.subarray(index * 784, (index + 1) * 784)}
            size={28}
            label={`Test digit ${index}: a ${testSet.labels[index]}`}
          />
          <span aria-hidden="true">a {testSet.labels[index]}</span>
        </span>
      )}
    </span>
  );
}
