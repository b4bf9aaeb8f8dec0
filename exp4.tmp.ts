import { commitmentSchema } from "./shared/commitments/schema.ts";
import * as z from "./shared/zod.ts";
const record = {
    id: "cmt_01JHQ4V6Z9X8Y7W6V5T4S3R001".replace(/[ILOU]/g, "0"),
    title: `국가 AI 컴퓨팅 센터 1`,
    announcedOn: "2025-02-17",
    announcedOnPrecision: "day",
    parties: [{ name: "과학기술정보통신부", role: "government", slug: "msit", writtenAs: "과기정통부" }, { name: "Samsung SDS", role: "operator", slug: "samsung-sds" }],
    amount: { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" },
    amountUsd: null,
    categories: ["compute"],
    location: { country: "KR", region: "전라남도" },
    capacity: { powerMw: 40.5, accelerators: [{ model: "H100", count: 15000 }] },
    status: "announced",
    confidence: "official",
    sources: [
      { url: "https://www.msit.go.kr/a", excerpt: "최대 2조 5천억 원", figure: { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" } },
      { url: "https://www.example.com/news/2025/02/17/a-long-article-path", excerpt: "up to 2.5 trillion won" },
    ],
    sourcesDisagree: false,
    tags: ["sovereign; AI"],
    version: 2,
    createdAt: "2025-02-17T00:00:00.000Z",
    updatedAt: "2025-02-18T00:00:00.000Z",
};
const r = z.safeParse(commitmentSchema, record);
if (!r.success) { console.log(JSON.stringify(r.error.issues).slice(0, 800)); process.exit(1); }
const N = 20000;
for (let k = 0; k < 3; k++) {
let t = performance.now();
for (let i = 0; i < N; i++) z.parse(commitmentSchema, record);
console.log("parse µs", ((performance.now() - t) * 1000 / N).toFixed(2));
}
if (process.env.PROF) { const { Session } = await import("node:inspector/promises"); const s = new Session(); s.connect(); await s.post("Profiler.enable"); await s.post("Profiler.start");
for (let i = 0; i < 100000; i++) z.parse(commitmentSchema, record);
const { profile } = await s.post("Profiler.stop"); const fs = await import("node:fs"); fs.mkdirSync("/tmp/p-parse", { recursive: true }); fs.writeFileSync("/tmp/p-parse/x.cpuprofile", JSON.stringify(profile)); }
