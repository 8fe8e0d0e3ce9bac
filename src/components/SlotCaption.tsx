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
  const mixture = (view.meta?.prior ?? null)?.kind === 'mog' || view.runConfig?.prior.kind === 'mog';
  // Rich text (explorer.caption.*): the model's name in <strong>.
  const values = { label: view.label };
  const strong = { strong: <strong /> };
  switch (view.kind) {
    case 'vae':
      return (
        <p className="caption">
          {mixture ? (
            <Trans t={t} i18nKey="explorer.caption.vaeMixture" values={values} components={strong} />
          ) : (
            <Trans t={t} i18nKey="explorer.caption.vae" values={values} components={strong} />
          )}
        </p>
      );
    case 'ae':
      return (
        <p className="caption">
          <Trans t={t} i18nKey="explorer.caption.ae" values={values} components={strong} />
        </p>
      );
    case 'vq-vae':
      return (
        <p className="caption">
          <Trans t={t} i18nKey="explorer.caption.vqVae" values={values} components={strong} />
        </p>
      );
    case 'flow-vae':
      return (
        <p className="caption">
          <Trans t={t} i18nKey="explorer.caption.flowVae" values={values} components={strong} />
        </p>
      );
    default:
      return null;
  }
}
