/**
 * A store build kept for the whole machine, outside any checkout: `medusa build` of a store app is
 * mostly the admin dashboard's Vite bundle (about a minute of CPU), and its output depends only on
 * what its key names, not on the folder it was made in. A second clone of the repository (CI clones
 * afresh every run), the demo in another folder or the fault suite then copy it in seconds.
 *
 * Where: $ECPAY_EINVOICE_BUILD_CACHE, else $XDG_CACHE_HOME/medusa-plugin-ecpay-einvoice/store-builds
 * (~/.cache by default); ECPAY_EINVOICE_BUILD_CACHE=off turns it off. The newest few builds are kept.
 *
 * A kept build is `.medusa/server` without what is particular to one store: its node_modules (a link
 * into the checkout) and its .env (the demo writes its secrets there when it starts).
 */
import { createHash } from "node:crypto"
import { existsSync } from "node:fs"
import { cp, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises"
import os from "node:os"
import path from "node:path"
import { PLUGIN_ROOT } from "./config"
import { isAlive } from "./processes"

const KEEP = 6
/** Never kept, never restored over. */
const PARTICULAR = new Set(["node_modules", ".env"])

export function buildCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const setting = env.ECPAY_EINVOICE_BUILD_CACHE
  if (setting === "off" || setting === "0") {
    return null
  }
  return setting || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "medusa-plugin-ecpay-einvoice", "store-builds")
}

/**
 * The cache key of a build whose own inputs hash to `inputs`: with the exact packages installed
 * (package-lock.json: the dashboard, Vite, React) and the Node.js version that built it.
 */
export async function buildCacheKey(kind: string, inputs: string): Promise<string> {
  const lock = await readFile(path.join(PLUGIN_ROOT, "package-lock.json")).catch(() => Buffer.from("no lock"))
  return createHash("sha256").update(`${kind}\0${inputs}\0${process.version}\0`).update(lock).digest("hex").slice(0, 24)
}

/**
 * Puts the kept build `key` into `serverDir` (what is there is replaced, node_modules and .env
 * excepted). Returns false when there is none.
 */
export async function restoreBuild(key: string, serverDir: string): Promise<boolean> {
  const dir = buildCacheDir()
  if (!dir) {
    return false
  }
  const kept = path.join(dir, key)
  if (!existsSync(path.join(kept, ".complete"))) {
    return false
  }
  await mkdir(serverDir, { recursive: true })
  for (const entry of await readdir(serverDir)) {
    if (!PARTICULAR.has(entry)) {
      await rm(path.join(serverDir, entry), { recursive: true, force: true })
    }
  }
  for (const entry of await readdir(kept)) {
    if (entry !== ".complete") {
      await cp(path.join(kept, entry), path.join(serverDir, entry), { recursive: true })
    }
  }
  // Most recently used: kept longest.
  const now = new Date()
  await utimes(path.join(kept, ".complete"), now, now).catch(() => undefined)
  return true
}

/**
 * Keeps the build in `serverDir` as `key` (written aside, then renamed: a reader never sees half of
 * it), then drops all but the newest builds. A failure to keep it is not the build's failure.
 */
export async function keepBuild(key: string, serverDir: string): Promise<void> {
  const dir = buildCacheDir()
  if (!dir) {
    return
  }
  const kept = path.join(dir, key)
  const staging = `${kept}.tmp-${process.pid}`
  try {
    await mkdir(dir, { recursive: true })
    await rm(staging, { recursive: true, force: true })
    await mkdir(staging, { recursive: true })
    for (const entry of await readdir(serverDir)) {
      if (!PARTICULAR.has(entry)) {
        await cp(path.join(serverDir, entry), path.join(staging, entry), { recursive: true })
      }
    }
    await writeFile(path.join(staging, ".complete"), `${new Date().toISOString()}\n`)
    await rm(kept, { recursive: true, force: true })
    await rename(staging, kept)
    await pruneBuilds(dir)
  } catch {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined)
  }
}

async function pruneBuilds(dir: string) {
  const builds: { name: string; used: number }[] = []
  for (const name of await readdir(dir)) {
    const marker = path.join(dir, name, ".complete")
    const writer = /\.tmp-(\d+)$/.exec(name)?.[1]
    if (writer) {
      // Left by a process that died while writing it.
      if (!isAlive(Number(writer))) {
        await rm(path.join(dir, name), { recursive: true, force: true })
      }
      continue
    }
    builds.push({ name, used: (await stat(marker).catch(() => null))?.mtimeMs ?? 0 })
  }
  builds.sort((a, b) => b.used - a.used)
  for (const old of builds.slice(KEEP)) {
    await rm(path.join(dir, old.name), { recursive: true, force: true })
  }
}
