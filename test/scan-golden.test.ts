// Golden scenarios of `aksguard scan`: test/golden/scan/<scenario>/case.json names its inputs (repository paths)
// and runs on `$INPUT`.
import { describeGoldenCases } from './support/golden-cases.js';

describeGoldenCases('scan', (arg, _folder, spec) => {
  if (arg === '$INPUT') return spec.inputs as string[];
  throw new Error(`unknown placeholder ${arg}`);
});
