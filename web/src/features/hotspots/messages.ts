/** The hotspots feature's interface text: zh-CN first, English with the same keys. */
export const zh = {
  title: '热点分析',
}

export const en: typeof zh = {
  title: 'Hotspots',
}
