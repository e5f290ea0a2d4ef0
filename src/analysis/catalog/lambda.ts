/**
 * Names of the Lambda environment-variable encryption helpers (DATA only).
 *
 * The Lambda console's "encryption helpers" encrypt an environment variable with the encryption context
 * `{ LambdaFunctionName: <function name> }` and show a decrypt snippet that passes the same context and reads the name
 * from `process.env.AWS_LAMBDA_FUNCTION_NAME` (AWS Lambda Developer Guide, "Securing Lambda environment variables":
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html). KMS binds the context as
 * additional authenticated data, so a Decrypt with another key name fails with `InvalidCiphertextException`.
 */

/** The one encryption-context key the console's helpers use, exactly as spelt (context keys are case-sensitive). */
export const LAMBDA_CONTEXT_KEY = 'LambdaFunctionName';

/** The reserved environment variable that holds the function's name inside the Lambda runtime. */
export const LAMBDA_FUNCTION_NAME_VARIABLE = 'AWS_LAMBDA_FUNCTION_NAME';

/**
 * Context keys that are misrememberings of {@link LAMBDA_CONTEXT_KEY}, compared after lower-casing and removing every
 * character that is not a letter or digit: `aws:lambda:FunctionName` (appears in no AWS source), `FunctionName`,
 * `lambdaFunctionName`, `lambda_function_name`, and `aws:lambda:FunctionArn` (the context Lambda uses itself for its
 * at-rest encryption, which user code never passes).
 */
export const LAMBDA_CONTEXT_KEY_MISSPELLINGS: ReadonlySet<string> = new Set(['lambdafunctionname', 'awslambdafunctionname', 'functionname', 'awslambdafunctionarn']);

/** Byte conversions (also the deprecated `Buffer(text, 'base64')` / `new Buffer(…)`) a base64 environment variable goes through on its way to `CiphertextBlob` (the text is argument 0). */
export const CIPHERTEXT_CONVERSIONS: ReadonlySet<string> = new Set(['Buffer.from', 'Buffer', 'Uint8Array.from', 'fromBase64', 'base64ToBytes']);
