/**
 * Responsible persons and units. Phone numbers are obviously fictional: persons get
 * 1990000xxxx (counting on), offices 0877-0000xxxx written as 12 digits (087700xxxxxx): no real subscriber
 * numbers start that way.
 */
import type { Person } from './layers.ts'
import { personName, UNITS } from './names.ts'
import type { Rng } from './random.ts'

export interface People {
  person(role: string, roleZh: string): Person
  /** a unit with its fixed phone */
  unit(name: string): { name: string; phone: string }
  anyUnit(): { name: string; phone: string }
  /** a name without a phone, for reporters and supervisors' relief staff */
  name(): string
  phone(): string
}

export function makePeople(rng: Rng): People {
  let nextPhone = 0
  const unitPhones = new Map<string, string>()
  let nextUnitPhone = 0
  // 1990000xxxx for the demo; the benchmark sizes run on into 1990001xxxx and beyond.
  const phone = () => `199${String(nextPhone++).padStart(8, '0')}`
  const unit = (name: string) => {
    let p = unitPhones.get(name)
    if (!p) {
      p = `08770000${String(1000 + nextUnitPhone++).padStart(4, '0')}`
      unitPhones.set(name, p)
    }
    return { name, phone: p }
  }
  return {
    person: (role, roleZh) => ({ role, roleZh, name: personName(rng), phone: phone() }),
    unit,
    anyUnit: () => unit(rng.pick(UNITS)),
    name: () => personName(rng),
    phone,
  }
}
