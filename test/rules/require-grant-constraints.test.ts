import rule from '../../src/rules/require-grant-constraints.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

// TODO: at least 12 valid and 12 invalid cases across the three levels; unknown inputs are valid cases.
plainJsTester.run('require-grant-constraints (plain JS)', rule, { valid: [], invalid: [] });
tsTester.run('require-grant-constraints (TypeScript syntax)', rule, { valid: [], invalid: [] });
typedTester.run('require-grant-constraints (typed)', rule, { valid: [], invalid: [] });
