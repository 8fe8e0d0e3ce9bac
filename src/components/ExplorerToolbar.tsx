import { className } from './classNames';
import { useT } from '../i18n';
import { pageDatasetSpec } from '../state/pageDataset';
import { useStore } from '../state/createStore';
import { updateExplorer } from '../state/explorerActions';
import { explorerStore, type ExplorerView } from '../state/explorerStore';
import { useSlotLabels } from '../state/slotView';
import { DIGIT_COLORS } from '../viz/latentMap';

export function ExplorerToolbar() {
  const { t } = useT();
  const labels = useSlotLabels();
  const VIEWS: Array<{ value: ExplorerView; label: string }> = [
    { value: 'left', label: labels.left },
    { value: 'right', label: labels.right },
    { value: 'both', label: t('explorer.toolbar.sideBySide', { left: labels.left, right: labels.right }) },
  ];
  const view = useStore(explorerStore, (s) => s.view);
  const showEllipses = useStore(explorerStore, (s) => s.showEllipses);
  const sigmaScale = useStore(explorerStore, (s) => s.sigmaScale);
  const showPrior = useStore(explorerStore, (s) => s.showPrior);
  const hidden = useStore(explorerStore, (s) => s.hiddenDigits);
  const digits = pageDatasetSpec().noun === 'digit';
  const manifold = useStore(explorerStore, (s) => s.manifold);
  return (
    <div className="explorer-toolbar">
      <div role="radiogroup" aria-label={t('explorer.toolbar.modelShown')} className="segmented">
        {VIEWS.map((v) => (
          <label key={v.value} className={view === v.value ? 'segment active' : 'segment'}>
            <input
              type="radio"
              name="explorer-view"
              value={v.value}
              checked={view === v.value}
              onChange={() => updateExplorer({ view: v.value })}
            />
            {v.label}
          </label>
        ))}
      </div>
      <label>
        <input
          type="checkbox"
          checked={showEllipses}
          onChange={(e) => updateExplorer({ showEllipses: e.target.checked })}
        />{' '}
        {t('explorer.toolbar.sigmaEllipses')}
      </label>
      <label>
        {t('explorer.toolbar.radius')}{' '}
        <select
          value={sigmaScale}
          onChange={(e) => updateExplorer({ sigmaScale: Number(e.target.value) === 2 ? 2 : 1 })}
        >
          <option value={1}>1 σ</option>
          <option value={2}>2 σ</option>
        </select>
      </label>
      <label>
        <input type="checkbox" checked={showPrior} onChange={(e) => updateExplorer({ showPrior: e.target.checked })} />{' '}
        {t('explorer.toolbar.prior')}
      </label>
      <label>
        <input
          type="checkbox"
          checked={manifold.show}
          onChange={(e) => updateExplorer((s) => ({ manifold: { ...s.manifold, show: e.target.checked } }))}
        />{' '}
        {t('explorer.toolbar.manifold')}
      </label>
      {manifold.show && (
        <>
          <label>
            {t('explorer.toolbar.grid')}{' '}
            <select
              value={manifold.size}
              onChange={(e) => updateExplorer((s) => ({ manifold: { ...s.manifold, size: Number(e.target.value) } }))}
            >
              {[8, 10, 15, 20, 25].map((n) => (
                <option key={n} value={n}>
                  {n} × {n}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              checked={manifold.inverseCdf}
              onChange={(e) => updateExplorer((s) => ({ manifold: { ...s.manifold, inverseCdf: e.target.checked } }))}
            />{' '}
            {t('explorer.toolbar.inverseCdf')}
          </label>
        </>
      )}
      <div
        className="digit-legend"
        role="group"
        aria-label={t(digits ? 'explorer.toolbar.digitsShown' : 'explorer.toolbar.classesShown')}
      >
        {DIGIT_COLORS.map((color, digit) => {
          const isHidden = hidden.includes(digit);
          const name = digits ? String(digit) : className(t, digit);
          return (
            <button
              key={digit}
              type="button"
              aria-pressed={!isHidden}
              aria-label={
                digits ? t('explorer.toolbar.digit', { digit }) : t('explorer.toolbar.item', { label: digit, name })
              }
              className={`digit-chip${digits ? '' : ' class-chip'}${isHidden ? ' off' : ''}`}
              style={{ borderColor: color, background: isHidden ? 'transparent' : color }}
              onClick={() =>
                updateExplorer((s) => ({
                  hiddenDigits: isHidden ? s.hiddenDigits.filter((x) => x !== digit) : [...s.hiddenDigits, digit],
                }))
              }
            >
              {name}
            </button>
          );
        })}
      </div>
    </div>
  );
}
