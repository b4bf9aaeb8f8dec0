/**
 * zod's tree-shakable API (zod/mini), the one every schema is written with, configured once with English
 * messages: mini sets no locale of its own, and the API's 422s name each problem in words. Modules import it as
 * `import * as z from ".../zod.ts"`, so a bundle holds only the parts of zod it calls, and the locale is in place
 * before anything parses.
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());

export * from "zod/mini";
