import { createStore, getMany, promisifyRequest, type UseStore } from 'idb-keyval';
import { modelMetaSchema, type ModelMeta } from '../model/format/meta';
import type { ModelArrays } from '../model/arrays';
import { checkStoredWeights } from './storedWeights';
import { t } from '../i18n';

/**
 * Models saved in this browser (IndexedDB, through idb-keyval), as
 * structured-clone data. Each model is two records written in one
 * transaction: its summary (name, meta) under "meta/<name>", its weights
 * under "weights/<name>". Kept apart so that listing reads a few hundred
 * bytes per model rather than megabytes of weights.
 */

export interface SavedModelSummary {
  name: string;
  meta: ModelMeta;
  /** ISO time of the save. */
  savedAt: string;
}

export interface SavedModel extends SavedModelSummary {
  weights: ModelArrays;
}

/** A name taken, or no model under a name: the person can act on it. */
export class SavedModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SavedModelError';
  }
}

export const MAX_NAME_LENGTH = 100;

/** Why a name cannot be saved under (null: it can). */
export function savedNameProblem(name: string): string | null {
  if (!name.trim()) return t('library.saved.giveName');
  if (name.length > MAX_NAME_LENGTH) return t('library.saved.nameTooLong', { max: MAX_NAME_LENGTH });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return t('library.saved.controlCharacters');
  return null;
}

/** True for the error a browser gives when the site's storage is full. */
export function isQuotaExceeded(err: unknown): boolean {
  const name = err instanceof Error || err instanceof DOMException ? err.name : null;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

const metaKey = (name: string) => `meta/${name}`;
const weightsKey = (name: string) => `weights/${name}`;

let database: UseStore | null = null;
// Opened on first use: a page that never saves never creates the database.
const db = (): UseStore => (database ??= createStore('latent-explorer', 'saved-models'));

interface TransactionSteps {
  store: IDBObjectStore;
  /** Aborts the transaction: nothing it wrote lands, and the save rejects with `err`. */
  fail(err: unknown): void;
  /** Runs `next` with a request's result; an error thrown there aborts the transaction too. */
  then<T>(request: IDBRequest<T>, next: (result: T) => void): void;
}

/**
 * One readwrite transaction: it all commits, or on any error (a full disk
 * included, synchronous or not) none of it does. Nothing is ever half-saved.
 */
function inOneTransaction(work: (steps: TransactionSteps) => void): Promise<void> {
  return db()(
    'readwrite',
    (store) =>
      new Promise<void>((resolve, reject) => {
        const tx = store.transaction;
        let failure: unknown = null;
        const fail = (err: unknown) => {
          failure ??= err;
          try {
            tx.abort();
          } catch {
            // Already finished or aborting.
          }
        };
        tx.oncomplete = () => resolve();
        tx.onabort = () => reject(failure ?? tx.error ?? new Error(t('library.saved.aborted')));
        const then: TransactionSteps['then'] = (request, next) => {
          request.onsuccess = () => {
            try {
              next(request.result);
            } catch (err) {
              fail(err);
            }
          };
        };
        try {
          work({ store, fail, then });
        } catch (err) {
          fail(err);
        }
      }),
  );
}

function parseSummary(value: unknown): SavedModelSummary | null {
  if (!value || typeof value !== 'object') return null;
  const record = value as Partial<SavedModelSummary>;
  const meta = modelMetaSchema.safeParse(record.meta);
  if (typeof record.name !== 'string' || !meta.success) return null;
  return { name: record.name, meta: meta.data, savedAt: typeof record.savedAt === 'string' ? record.savedAt : '' };
}

/** Every saved model's summary, newest first. Records that no longer parse are left out. */
export async function listSavedModels(): Promise<SavedModelSummary[]> {
  const records = await db()('readonly', (store) =>
    promisifyRequest(store.getAll(IDBKeyRange.bound('meta/', 'meta/\uffff'))),
  );
  return records
    .map(parseSummary)
    .filter((s): s is SavedModelSummary => s !== null)
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt) || a.name.localeCompare(b.name));
}

/** A saved model with its weights; null when there is none under that name. */
export async function readSavedModel(name: string): Promise<SavedModel | null> {
  const [summaryRecord, weightsRecord] = await getMany<unknown>([metaKey(name), weightsKey(name)], db());
  const summary = parseSummary(summaryRecord);
  if (!summary) return null;
  const checked = checkStoredWeights(weightsRecord, summary.meta);
  if ('problem' in checked) throw new SavedModelError(t('library.saved.damaged', { name, problem: checked.problem }));
  return { ...summary, weights: checked.weights };
}

/** Saves a model under a new name; a name already taken is refused (nothing is overwritten). */
export async function saveModel(name: string, meta: ModelMeta, weights: ModelArrays): Promise<SavedModelSummary> {
  const problem = savedNameProblem(name);
  if (problem) throw new SavedModelError(problem);
  const summary: SavedModelSummary = { name, meta: { ...meta, name }, savedAt: new Date().toISOString() };
  await inOneTransaction(({ store, fail, then }) => {
    then(store.getKey(metaKey(name)), (existing) => {
      if (existing !== undefined) {
        fail(new SavedModelError(t('library.saved.nameTaken', { name })));
        return;
      }
      store.put(weights, weightsKey(name));
      store.put(summary, metaKey(name));
    });
  });
  return summary;
}

/** Renames a saved model (both records move in one transaction). */
export async function renameSavedModel(from: string, to: string): Promise<void> {
  const problem = savedNameProblem(to);
  if (problem) throw new SavedModelError(problem);
  if (from === to) return;
  await inOneTransaction(({ store, fail, then }) => {
    then(store.get(metaKey(from)), (summary: unknown) => {
      const parsed = parseSummary(summary);
      if (!parsed) {
        fail(new SavedModelError(t('library.saved.noSuchName', { name: from })));
        return;
      }
      then(store.getKey(metaKey(to)), (taken) => {
        if (taken !== undefined) {
          fail(new SavedModelError(t('library.saved.nameTaken', { name: to })));
          return;
        }
        then(store.get(weightsKey(from)), (weights: unknown) => {
          store.put(weights, weightsKey(to));
          store.put({ ...parsed, name: to, meta: { ...parsed.meta, name: to } }, metaKey(to));
          store.delete(metaKey(from));
          store.delete(weightsKey(from));
        });
      });
    });
  });
}

export async function deleteSavedModel(name: string): Promise<void> {
  await inOneTransaction(({ store }) => {
    store.delete(metaKey(name));
    store.delete(weightsKey(name));
  });
}
