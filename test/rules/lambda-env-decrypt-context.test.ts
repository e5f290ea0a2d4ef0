import rule from '../../src/rules/lambda-env-decrypt-context.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

// TODO: at least 12 valid and 12 invalid cases across the three levels; unknown inputs are valid cases.
plainJsTester.run('lambda-env-decrypt-context (plain JS)', rule, { valid: [], invalid: [] });
tsTester.run('lambda-env-decrypt-context (TypeScript syntax)', rule, { valid: [], invalid: [] });
typedTester.run('lambda-env-decrypt-context (typed)', rule, { valid: [], invalid: [] });
