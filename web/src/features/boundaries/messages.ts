/** The boundaries feature's interface text: zh-CN first, English with the same keys. */
export const zh = {
  title: '边界导入导出',
}

export const en: typeof zh = {
  title: 'Boundary import and export',
}
