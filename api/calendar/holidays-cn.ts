/**
 * Public holidays and adjusted working days (调休) in mainland China, 2025 and 2026, as published
 * by the General Office of the State Council (国务院办公厅). Every date of a holiday range is listed
 * as a holiday (weekend days inside it too); "上班" days are adjusted working days.
 *
 * Sources (text checked against the Xinhua release reprinted by gmw.cn):
 * - 2025: 《国务院办公厅关于2025年部分节假日安排的通知》国办发明电〔2024〕12号, dated 2024-11-12
 *   (Xinhua, Beijing, 12 Nov 2024; https://m.gmw.cn/2024-11/12/content_1303894933.htm). First year
 *   under the 《全国年节及纪念日放假办法》 as revised in November 2024 (two more public holidays).
 * - 2026: 《国务院办公厅关于2026年部分节假日安排的通知》, dated 2025-11-04 (Xinhua, Beijing,
 *   4 Nov 2025; https://politics.gmw.cn/2025-11/04/content_38391083.htm). The dates below are
 *   confirmed from that text; its document number (国办发明电〔2025〕…号) was NOT confirmed from a
 *   source we could read, so it is left out rather than guessed.
 *
 * Weekdays in the comments are the notice's own (周一…周日) and are checked by a unit test.
 */
import type { CalendarDay } from './model.ts'

interface Arrangement {
  name: string
  /** first and last day off, inclusive */
  off: [string, string]
  /** adjusted working days (调休上班) */
  work: string[]
}

export interface HolidayNotice {
  year: number
  title: string
  number: string | null
  date: string
  url: string
  arrangements: Arrangement[]
}

export const HOLIDAY_NOTICES: readonly HolidayNotice[] = [
  {
    year: 2025,
    title: '国务院办公厅关于2025年部分节假日安排的通知',
    number: '国办发明电〔2024〕12号',
    date: '2024-11-12',
    url: 'https://m.gmw.cn/2024-11/12/content_1303894933.htm',
    arrangements: [
      // 1月1日（周三）放假1天，不调休
      { name: '元旦', off: ['2025-01-01', '2025-01-01'], work: [] },
      // 1月28日（除夕、周二）至2月4日（正月初七、周二），共8天；1月26日（周日）、2月8日（周六）上班
      { name: '春节', off: ['2025-01-28', '2025-02-04'], work: ['2025-01-26', '2025-02-08'] },
      // 4月4日（周五）至6日（周日），共3天
      { name: '清明节', off: ['2025-04-04', '2025-04-06'], work: [] },
      // 5月1日（周四）至5日（周一），共5天；4月27日（周日）上班
      { name: '劳动节', off: ['2025-05-01', '2025-05-05'], work: ['2025-04-27'] },
      // 5月31日（周六）至6月2日（周一），共3天
      { name: '端午节', off: ['2025-05-31', '2025-06-02'], work: [] },
      // 10月1日（周三）至8日（周三），共8天；9月28日（周日）、10月11日（周六）上班
      { name: '国庆节、中秋节', off: ['2025-10-01', '2025-10-08'], work: ['2025-09-28', '2025-10-11'] },
    ],
  },
  {
    year: 2026,
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    number: null,
    date: '2025-11-04',
    url: 'https://politics.gmw.cn/2025-11/04/content_38391083.htm',
    arrangements: [
      // 1月1日（周四）至3日（周六），共3天；1月4日（周日）上班
      { name: '元旦', off: ['2026-01-01', '2026-01-03'], work: ['2026-01-04'] },
      // 2月15日（腊月二十八、周日）至23日（正月初七、周一），共9天；2月14日（周六）、2月28日（周六）上班
      { name: '春节', off: ['2026-02-15', '2026-02-23'], work: ['2026-02-14', '2026-02-28'] },
      // 4月4日（周六）至6日（周一），共3天
      { name: '清明节', off: ['2026-04-04', '2026-04-06'], work: [] },
      // 5月1日（周五）至5日（周二），共5天；5月9日（周六）上班
      { name: '劳动节', off: ['2026-05-01', '2026-05-05'], work: ['2026-05-09'] },
      // 6月19日（周五）至21日（周日），共3天
      { name: '端午节', off: ['2026-06-19', '2026-06-21'], work: [] },
      // 9月25日（周五）至27日（周日），共3天
      { name: '中秋节', off: ['2026-09-25', '2026-09-27'], work: [] },
      // 10月1日（周四）至7日（周三），共7天；9月20日（周日）、10月10日（周六）上班
      { name: '国庆节', off: ['2026-10-01', '2026-10-07'], work: ['2026-09-20', '2026-10-10'] },
    ],
  },
]

/** The notices as calendar days, with a source string naming the notice. */
export function chinaHolidayDays(notices: readonly HolidayNotice[] = HOLIDAY_NOTICES): (CalendarDay & { source: string })[] {
  const days: (CalendarDay & { source: string })[] = []
  for (const notice of notices) {
    const source = `${notice.title}${notice.number ? ` ${notice.number}` : ''} (${notice.date})`
    for (const a of notice.arrangements) {
      for (let t = Date.parse(`${a.off[0]}T00:00:00Z`); t <= Date.parse(`${a.off[1]}T00:00:00Z`); t += 86_400_000) {
        days.push({ date: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name: a.name, source })
      }
      for (const date of a.work) days.push({ date, kind: 'adjusted_workday', name: `${a.name}调休上班`, source })
    }
  }
  return days.sort((x, y) => x.date.localeCompare(y.date))
}
