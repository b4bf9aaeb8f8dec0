/** POST /commitments/batch from the import: each batch with its rows' keys, retried on what a retry can cure. */
import type { BatchAnswer, SendBatch } from "./run.ts";

const ATTEMPTS = 6;
const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

export interface ApiTarget {
  /** The API's base URL, without a trailing slash. */
  url: string;
  key: string;
  allowDuplicates?: boolean;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** A batch the API refused as a whole: a wrong key, a body too large. Nothing of it was written. */
export class BatchRefused extends Error {
  override name = "BatchRefused";
}

export function batchSender(target: ApiTarget): SendBatch {
  const send = target.fetch ?? fetch;
  const sleep = target.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  return async (items, keys, dryRun) => {
    const query = new URLSearchParams();
    if (target.allowDuplicates) query.set("allowDuplicate", "true");
    if (dryRun) query.set("dryRun", "true");
    const body = JSON.stringify({ items, keys });
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let text: string;
      try {
        const response = await send(`${target.url}/commitments/batch${query.size ? `?${query}` : ""}`, {
          method: "POST",
          headers: { authorization: `Bearer ${target.key}`, "content-type": "application/json" },
          body,
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        // The same keys make a repeated batch safe: what the lost answer created is answered again.
        if (attempt >= ATTEMPTS) throw error;
        await sleep(200 * 2 ** attempt);
        continue;
      }
      if (status === 200) return (JSON.parse(text) as { results: BatchAnswer[] }).results;
      if (!RETRYABLE.has(status) || attempt >= ATTEMPTS)
        throw new BatchRefused(`POST /commitments/batch answered ${status}: ${text.slice(0, 500)}`);
      await sleep(200 * 2 ** attempt);
    }
  };
}

/** The dates the API's ledger has a rate of a currency on (GET /fx-rates, page after page). */
export function rateDatesFrom(target: ApiTarget): (currency: string) => Promise<string[]> {
  const send = target.fetch ?? fetch;
  return async (currency) => {
    const dates: string[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ currency, limit: "100", ...(cursor ? { cursor } : {}) });
      const response = await send(`${target.url}/fx-rates?${query}`, {
        headers: { authorization: `Bearer ${target.key}` },
      });
      if (response.status !== 200) throw new Error(`GET /fx-rates answered ${response.status}`);
      const page = (await response.json()) as { items: { date: string }[]; nextCursor: string | null };
      dates.push(...page.items.map((rate) => rate.date));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return dates;
  };
}
