/**
 * The shape every language's messages must have: the English tree with each
 * string widened to `string`. A language file typed as Messages<typeof en>
 * that lacks a key, or adds one, does not compile.
 */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
