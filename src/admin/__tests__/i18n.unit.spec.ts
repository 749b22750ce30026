import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import en from "../i18n/json/en.json"
import zhTW from "../i18n/json/zhTW.json"
import resources from "../i18n"

type Tree = { [key: string]: string | Tree }

const keys = (tree: Tree, prefix = ""): string[] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === "string" ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`)))

const lookup = (tree: Tree, key: string): string | Tree | undefined =>
  key.split(".").reduce<string | Tree | undefined>((node, part) => (node && typeof node === "object" ? node[part] : undefined), tree)

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      return entry.name === "__tests__" ? [] : sources(full)
    }
    return /\.tsx?$/.test(entry.name) ? [full] : []
  })

describe("admin translations", () => {
  it("are exported the way the dashboard merges them", () => {
    expect(resources).toEqual({ en: { translation: en }, zhTW: { translation: zhTW } })
    expect(Object.keys(en)).toEqual(["ecpayEinvoice"])
    expect(Object.keys(zhTW)).toEqual(["ecpayEinvoice"])
  })

  it("have the same keys in English and Traditional Chinese, none empty", () => {
    expect(keys(zhTW as Tree)).toEqual(keys(en as Tree))
    for (const key of keys(zhTW as Tree)) {
      expect(String(lookup(zhTW as Tree, key)).trim()).not.toBe("")
    }
  })

  it("use the same {{placeholders}} in both languages", () => {
    const placeholders = (text: string) => (text.match(/{{\s*\w+\s*}}/g) ?? []).sort()
    for (const key of keys(en as Tree)) {
      expect([key, placeholders(lookup(zhTW as Tree, key) as string)]).toEqual([key, placeholders(lookup(en as Tree, key) as string)])
    }
  })

  it("cover every key the admin components use", () => {
    const root = path.join(__dirname, "..")
    const missing: string[] = []
    for (const file of sources(root)) {
      const code = readFileSync(file, "utf8")
      for (const match of code.matchAll(/\bt\(\s*[`"](ecpayEinvoice\.[^`"]+)[`"]/g)) {
        const key = match[1]
        // A template key (`...options.environment.${env}`) must at least name an existing group.
        const [stem] = key.split("${")
        const node = lookup(en as Tree, key.includes("${") ? stem.replace(/\.$/, "") : key)
        const ok = key.includes("${") ? typeof node === "object" : typeof node === "string"
        if (!ok) {
          missing.push(`${path.relative(root, file)}: ${key}`)
        }
      }
    }
    expect(missing).toEqual([])
  })
})
