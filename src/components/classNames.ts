import type { TFunction } from 'i18next';
import { pageDataset } from '../state/pageDataset';

/** What a test image's label is called on the page's dataset: the digit itself on MNIST, the class name on Fashion-MNIST. */
export function className(t: TFunction<'translation', undefined>, label: number): string {
  if (pageDataset() === 'mnist') return String(label);
  return t(`explorer.toolbar.classes.c${label}` as 'explorer.toolbar.classes.c0');
}
