import rule from '../../src/rules/consistent-encryption-algorithm.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

// TODO: at least 12 valid and 12 invalid cases across the three levels; unknown inputs are valid cases.
plainJsTester.run('consistent-encryption-algorithm (plain JS)', rule, { valid: [], invalid: [] });
tsTester.run('consistent-encryption-algorithm (TypeScript syntax)', rule, { valid: [], invalid: [] });
typedTester.run('consistent-encryption-algorithm (typed)', rule, { valid: [], invalid: [] });
