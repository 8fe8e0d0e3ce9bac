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

/** Every English message, by namespace (one file each). */
export const en = { app, explorer, families, generators, lab, library, mixtures, reparam, tour, training };
