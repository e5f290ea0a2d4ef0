import rule from '../../src/rules/no-string-ciphertext-blob.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

// TODO: at least 12 valid and 12 invalid cases across the three levels; unknown inputs are valid cases.
plainJsTester.run('no-string-ciphertext-blob (plain JS)', rule, { valid: [], invalid: [] });
tsTester.run('no-string-ciphertext-blob (TypeScript syntax)', rule, { valid: [], invalid: [] });
typedTester.run('no-string-ciphertext-blob (typed)', rule, { valid: [], invalid: [] });
