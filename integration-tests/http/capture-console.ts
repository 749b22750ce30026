// Jest setup file of the HTTP suite: keeps every console line from before the app loads (see secret-scan.ts).
import { captureConsole } from "../helpers/secret-scan"

captureConsole()
