import rule from '../../src/rules/no-invalid-kms-input.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

// TODO: at least 12 valid and 12 invalid cases across the three levels; unknown inputs are valid cases.
plainJsTester.run('no-invalid-kms-input (plain JS)', rule, { valid: [], invalid: [] });
tsTester.run('no-invalid-kms-input (TypeScript syntax)', rule, { valid: [], invalid: [] });
typedTester.run('no-invalid-kms-input (typed)', rule, { valid: [], invalid: [] });
