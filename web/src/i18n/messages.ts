import type zhCN from './zh-CN'

/** The dictionary shape, taken from zh-CN: every language must fill every key with a string. */
type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }
export type Messages = Strings<typeof zhCN>
