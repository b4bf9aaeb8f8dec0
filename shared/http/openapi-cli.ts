/** Writes the OpenAPI document, built from the route table (no server needed): `node shared/http/openapi-cli.ts <file>`. */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { openApiDocument } from "./openapi.ts";

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node shared/http/openapi-cli.ts <file>");
  process.exit(2);
}
await mkdir(dirname(file), { recursive: true });
await writeFile(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
