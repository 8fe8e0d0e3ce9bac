import { DigitCanvas } from './DigitCanvas';
import { useT } from '../i18n';
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
  const { t } = useT();
  const testSet = useStore(appStore, (s) => s.testSet);
  const index = Number(value);
  const valid =
    testSet !== null && value !== '' && Number.isInteger(index) && index >= 0 && index < testSet.labels.length;
  return (
    <span className="test-digit-input">
      <label>
        {t('generators.testDigit.label')}{' '}
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
            label={t('generators.testDigit.preview', { index: String(index), digit: String(testSet.labels[index]) })}
          />
          <span aria-hidden="true">{t('generators.testDigit.shows', { digit: String(testSet.labels[index]) })}</span>
        </span>
      )}
    </span>
  );
}
