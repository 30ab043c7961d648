/** The working calendar and time limits: pure functions (model, working time, case clocks) and the China holiday data. */
export * from './model.ts'
export * from './working-time.ts'
export * from './clock.ts'
export { chinaHolidayDays, HOLIDAY_NOTICES } from './holidays-cn.ts'
