import rule from '../../src/rules/require-key-policy-iam-delegation.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

// TODO: at least 12 valid and 12 invalid cases across the three levels; unknown inputs are valid cases.
plainJsTester.run('require-key-policy-iam-delegation (plain JS)', rule, { valid: [], invalid: [] });
tsTester.run('require-key-policy-iam-delegation (TypeScript syntax)', rule, { valid: [], invalid: [] });
typedTester.run('require-key-policy-iam-delegation (typed)', rule, { valid: [], invalid: [] });
