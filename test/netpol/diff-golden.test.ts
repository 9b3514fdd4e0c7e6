// Golden scenarios of `netpol diff`: test/golden/diff/<scenario>/ holds a before/ and an after/ folder, and
// case.json runs on `$BEFORE` and `$AFTER`.
import { describeGoldenCases } from '../support/golden-cases.js';

describeGoldenCases('diff', (arg, folder) => {
  if (arg === '$BEFORE') return [`${folder}/before`];
  if (arg === '$AFTER') return [`${folder}/after`];
  throw new Error(`unknown placeholder ${arg}`);
});
