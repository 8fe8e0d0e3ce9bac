import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { TourFigure } from './TourFigure';
import { useT } from '../i18n';
import { useStore } from '../state/createStore';
import { CHAPTERS } from './chapters';
import { goToChapter, leaveTour } from './setup';
import { tourStore } from './tourStore';

/**
 * The guided tour, beside the page: one chapter at a time, each pointing the
 * real panels (its setup runs through the same actions a person uses), with
 * its text, the one thing to do, what to look for and its live figure.
 * Back / Next, arrow keys, a chapter list; leaving keeps what the person did.
 */
export function TourPanel() {
  const { t } = useT();
  const { open, chapter, settingUp, notes } = useStore(tourStore, (s) => s);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  useEffect(() => {
    // Focus follows the chapter: a keyboard or screen-reader user lands on its heading.
    if (open) headingRef.current?.focus();
  }, [open, chapter]);
  if (!open) return null;
  const current = CHAPTERS[chapter];
  const total = CHAPTERS.length;
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    if (target.closest('input, select, textarea')) return;
    if (e.key === 'ArrowRight' && chapter < total - 1) {
      e.preventDefault();
      void goToChapter(chapter + 1);
    } else if (e.key === 'ArrowLeft' && chapter > 0) {
      e.preventDefault();
      void goToChapter(chapter - 1);
    } else if (e.key === 'Escape') {
      leaveTour();
    }
  };
  return (
    <aside className="tour-panel" aria-labelledby={`${id}-name`} onKeyDown={onKeyDown}>
      <div className="tour-top">
        <p id={`${id}-name`} className="tour-name">
          {t('tour.name')}
        </p>
        <button type="button" className="link" onClick={leaveTour}>
          {t('tour.leave')}
        </button>
      </div>
      <p className="tour-progress">
        {t('tour.progress', { n: chapter + 1, total })}{' '}
        <progress aria-label={t('tour.progressBar')} max={total} value={chapter + 1} />
      </p>
      <details className="tour-chapters">
        <summary>{t('tour.allChapters')}</summary>
        <ol>
          {CHAPTERS.map((c, i) => (
            <li key={c.id}>
              <button
                type="button"
                className="link"
                aria-current={i === chapter ? 'step' : undefined}
                onClick={() => void goToChapter(i)}
              >
                {t(`tour.chapters.${c.id}.title`)}
              </button>
            </li>
          ))}
        </ol>
      </details>
      <h2 ref={headingRef} tabIndex={-1} className="tour-heading">
        {t('tour.chapterButton', { n: chapter + 1, title: t(`tour.chapters.${current.id}.title`) })}
      </h2>
      <p className="tour-text">{t(`tour.chapters.${current.id}.text`)}</p>
      <h3>{t('tour.doThis')}</h3>
      <p className="tour-action">{t(`tour.chapters.${current.id}.action`)}</p>
      <h3>{t('tour.lookFor')}</h3>
      <p>{t(`tour.chapters.${current.id}.look`)}</p>
      {settingUp && <p role="status">{t('tour.settingUp')}</p>}
      {notes.map((note) => (
        <p key={note} className="notice notice-info">
          {note}
        </p>
      ))}
      <TourFigure figure={current.figure} />
      <div className="tour-nav">
        <button type="button" disabled={chapter === 0} onClick={() => void goToChapter(chapter - 1)}>
          {t('tour.back')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={chapter === total - 1}
          onClick={() => void goToChapter(chapter + 1)}
        >
          {t('tour.next')}
        </button>
      </div>
      <p className="hint">{t('tour.keys')}</p>
    </aside>
  );
}
