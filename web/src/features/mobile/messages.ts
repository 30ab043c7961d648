/** The mobile feature's interface text: zh-CN first, English with the same keys. */
export const zh = {
  title: '网格员移动端',
}

export const en: typeof zh = {
  title: 'Grid worker (phone)',
}
