import rule from '../../src/rules/require-commitment-policy.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

// TODO: at least 12 valid and 12 invalid cases across the three levels; unknown inputs are valid cases.
plainJsTester.run('require-commitment-policy (plain JS)', rule, { valid: [], invalid: [] });
tsTester.run('require-commitment-policy (TypeScript syntax)', rule, { valid: [], invalid: [] });
typedTester.run('require-commitment-policy (typed)', rule, { valid: [], invalid: [] });
