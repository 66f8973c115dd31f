export { compareImages, defaultCompareOptions, type CompareOptions, type Comparison } from './compare.js';
export { writeGoldenReport, updateGoldenReport, isFailure, type GoldenResult, type GoldenReport, type GoldenReportEntry } from './report.js';
export {
  checkAgainstGolden,
  fixturesDir,
  goldenDir,
  goldenKeyContext,
  goldenPath,
  goldenReportDir,
  goldenSpec,
  hostileFixturesDir,
  listGoodFixtures,
  sourceKeyFor,
} from './corpus.js';
