import { getCdkKeyPolicySites, getIamDelegation, getKmsModel, getSdkKeyPolicySites, type KeyPolicySite } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Report `BypassPolicyLockoutSafetyCheck: true` on CreateKey / PutKeyPolicy / CfnKey. */
    checkBypassLockout?: boolean;
  },
];
export type MessageId = 'missingIamDelegation' | 'bypassLockoutSafetyCheck';

export default createRule<Options, MessageId>({
  name: 'require-key-policy-iam-delegation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require key policies to delegate access to IAM through the account root statement',
      recommended: 'error',
    },
    messages: {
      missingIamDelegation:
        'This key policy ({{where}}) has no statement that allows the account root (arn:aws:iam::ACCOUNT:root, AccountRootPrincipal) KMS actions, so IAM policies grant nothing on the key: a role whose IAM policy allows kms:Decrypt still gets AccessDeniedException, and only the principals named here can ever change the policy. Add the statement { Principal: { AWS: "arn:aws:iam::ACCOUNT:root" }, Action: "kms:*", Resource: "*" } (CDK: new iam.AccountRootPrincipal()).',
      bypassLockoutSafetyCheck:
        'BypassPolicyLockoutSafetyCheck: true turns off the check by which KMS refuses a key policy that would stop the caller from changing it again (MalformedPolicyDocumentException); a wrong policy then makes the key unmanageable until AWS Support restores access. Remove it and fix the policy instead.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkBypassLockout: {
            type: 'boolean',
            description: 'Report BypassPolicyLockoutSafetyCheck: true on CreateKey, PutKeyPolicy and CDK CfnKey (default true).',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkBypassLockout: true }],
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        for (const site of [...getSdkKeyPolicySites(analysis), ...getCdkKeyPolicySites(analysis)]) check(site);
      },
    };

    function check({ site, policy, policyNode, bypassLockoutNode }: KeyPolicySite): void {
      if (getIamDelegation(policy) === 'missing') {
        const where = site.style === 'cdk' ? `CDK ${site.operation} ${site.operation === 'Key' ? 'policy, which replaces the default key policy' : 'keyPolicy'}` : `${site.operation} Policy`;
        context.report({ node: policyNode ?? site.node, messageId: 'missingIamDelegation', data: { where } });
      }
      if (bypassLockoutNode && options.checkBypassLockout !== false) context.report({ node: bypassLockoutNode, messageId: 'bypassLockoutSafetyCheck' });
    }
  },
});
