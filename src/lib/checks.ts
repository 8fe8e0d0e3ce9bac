import { z } from 'zod';

/**
 * One style for every range check: a zod schema whose first issue is a
 * message a person can act on ("Beta must be between 0 and 10"). Used for
 * model configs, the training form, file formats and URL state alike.
 */
export function numberIn(label: string, min: number, max: number, integer = false) {
  const between = `${label} must be between ${min} and ${max}`;
  const base = z.number({ error: `${label} must be a number` });
  return (integer ? base.int({ error: `${label} must be a whole number` }) : base)
    .min(min, { error: between })
    .max(max, { error: between });
}

/** Every problem zod found, keyed by its path ("hidden.1") with the message. */
export function issuesByPath(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}
