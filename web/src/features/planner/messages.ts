/** The planner feature's interface text: zh-CN first, English with the same keys. */
export const zh = {
  title: '网格规划',
}

export const en: typeof zh = {
  title: 'Grid planner',
}
