/** Room the floating panels take on each side, so "fit the district" fits what is visible. */
export const FIT_PADDING = { top: 76, left: 320, right: 396, bottom: 28 } as const
