// Routes validate with Medusa's bundled zod v4; importing it from the framework keeps one zod instance.
export { z } from "@medusajs/framework/zod"
