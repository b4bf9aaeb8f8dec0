// The extractor's public API: from an announcement's text to draft commitments (pure; browser-safe).
export { MAX_ANSWER_BYTES, withinAnswer } from "./answer.ts";
export { DEFAULT_PARTIES, withDefaultParties } from "./default-parties.ts";
export { extractDrafts } from "./extract.ts";
export type { RegistryParty } from "./parties.ts";
export { type CorpusEntry, type Score, scoreCorpus } from "./score.ts";
export {
  type Draft,
  type DraftCommitment,
  type DraftParty,
  type DraftSource,
  type ExtractInput,
  type ExtractOptions,
  type ExtractResult,
  extractInput,
  type IgnoredFigure,
  type ImpliedRate,
  MAX_TEXT_LENGTH,
} from "./types.ts";
