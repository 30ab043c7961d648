/** The screen menu in the top bar: zh-CN first, English with the same keys. */
export const zh = {
  menu: '视图',
  map: '一张图',
  cases: '案件处置',
  drill: '分级钻取',
  hotspots: '热点分析',
  civ: '创文进度',
  standard: '创文标准',
  planner: '网格规划',
  inspections: '模拟测评',
  wall: '指挥大屏',
  mobile: '网格员手机端',
}

export const en: typeof zh = {
  menu: 'Views',
  map: 'Map',
  cases: 'Cases',
  drill: 'Drill-down',
  hotspots: 'Hotspots',
  civ: 'Civilised progress',
  standard: 'Civilisation standard',
  planner: 'Grid planner',
  inspections: 'Mock assessments',
  wall: 'Wall screen',
  mobile: 'Worker phone',
}
