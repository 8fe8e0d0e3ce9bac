import type { Messages } from '../messages';
import type { en } from '../en';
import { app } from './app';
import { explorer } from './explorer';
import { families } from './families';
import { generators } from './generators';
import { lab } from './lab';
import { library } from './library';
import { mixtures } from './mixtures';
import { reparam } from './reparam';
import { tour } from './tour';
import { training } from './training';

/** Every Korean message, by namespace (one file each), in the shape of the English ones. */
export const ko: Messages<typeof en> = {
  app,
  explorer,
  families,
  generators,
  lab,
  library,
  mixtures,
  reparam,
  tour,
  training,
};
