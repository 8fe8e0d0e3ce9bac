import { Trans } from 'react-i18next';
import { HoleFigure, useHoles } from './HoleFigure';
import { useT } from '../i18n';
import type { SlotView } from '../state/slotView';

/** What the picture of each family shows, in the words of the VAE story (../shared/VAE-NOTES.md), with its measured claim. */
export function SlotCaption({ view }: { view: SlotView }) {
  // Measured on a loaded model only: a training run's map changes several times a second.
  const holes = useHoles(view.source === 'training' ? null : view);
  return (
    <>
      <CaptionText view={view} />
      {holes && <HoleFigure view={view} holes={holes} />}
    </>
  );
}

function CaptionText({ view }: { view: SlotView }) {
  const { t } = useT();
  if (!view.family) return null;
  const mixture = (view.meta?.prior ?? null)?.kind === 'mog' || view.runConfig?.prior.kind === 'mog';
  // Rich text (explorer.caption.*, the family's own: its info.ts): the model's name in <strong>.
  return (
    <p className="caption">
      <Trans
        t={t}
        i18nKey={`explorer.caption.${view.family.caption(mixture ? 'mog' : 'standard')}`}
        values={{ label: view.label }}
        components={{ strong: <strong /> }}
      />
    </p>
  );
}
