import rule from '../../src/rules/no-cross-region-key.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

// TODO: at least 12 valid and 12 invalid cases across the three levels; unknown inputs are valid cases.
plainJsTester.run('no-cross-region-key (plain JS)', rule, { valid: [], invalid: [] });
tsTester.run('no-cross-region-key (TypeScript syntax)', rule, { valid: [], invalid: [] });
typedTester.run('no-cross-region-key (typed)', rule, { valid: [], invalid: [] });
