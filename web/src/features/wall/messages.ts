/** The wall feature's interface text: zh-CN first, English with the same keys. */
export const zh = {
  title: '指挥中心大屏',
}

export const en: typeof zh = {
  title: 'Command-centre wall',
}
