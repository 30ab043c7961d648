/** The drill feature's interface text: zh-CN first, English with the same keys. */
export const zh = {
  title: '分级钻取',
}

export const en: typeof zh = {
  title: 'Drill-down',
}
