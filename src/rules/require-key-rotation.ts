import { ROTATION_PERIOD_DAYS, getCdkKeys, getKmsModel, type CdkKey } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Report an explicit `enableKeyRotation: false` on a symmetric key (a deliberate choice some teams accept). */
    checkExplicitlyDisabled?: boolean;
  },
];
export type MessageId = 'missingKeyRotation' | 'keyRotationDisabled' | 'rotationUnsupported' | 'invalidRotationPeriod';

/** Why KMS refuses automatic rotation for a key kind (EnableKeyRotation: symmetric keys with AWS material only). */
const UNSUPPORTED: Readonly<Record<'asymmetric' | 'hmac', string>> = {
  asymmetric: 'an asymmetric key',
  hmac: 'an HMAC key',
};

export default createRule<Options, MessageId>({
  name: 'require-key-rotation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require automatic rotation on CDK symmetric KMS keys, and only where KMS supports it',
      recommended: 'warn',
    },
    messages: {
      missingKeyRotation:
        'This CDK {{construct}} makes a symmetric encryption key without enableKeyRotation: true, and the default is false: KMS never rotates its key material. Set enableKeyRotation: true (KMS rotates every 365 days, or every rotationPeriod).',
      keyRotationDisabled:
        'enableKeyRotation: false leaves this symmetric encryption key on the same key material for its whole life. Set it to true unless the key is retired or rotated by other means.',
      rotationUnsupported:
        'Automatic rotation is asked of {{kind}}: KMS rotates only symmetric encryption keys with AWS-generated key material, so the CDK refuses this at synth or the deployment fails (UnsupportedOperationException). Remove the rotation setting.',
      invalidRotationPeriod:
        'A rotation period of {{days}} days is outside what KMS accepts ({{min}}..{{max}} days): the CDK refuses it at synth and CloudFormation/KMS reject it (ValidationException).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkExplicitlyDisabled: {
            type: 'boolean',
            description: 'Report an explicit enableKeyRotation: false on a symmetric encryption key (default true); false accepts it as a deliberate choice.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkExplicitlyDisabled: true }],
  create(context, [options]) {
    return {
      'Program:exit'() {
        for (const key of getCdkKeys(getKmsModel(context))) checkKey(key);
      },
    };

    function checkKey(key: CdkKey): void {
      const period = key.rotationPeriodDays;
      if (period.state === 'known' && (period.value < ROTATION_PERIOD_DAYS.min || period.value > ROTATION_PERIOD_DAYS.max)) {
        context.report({
          node: key.site.node,
          messageId: 'invalidRotationPeriod',
          data: { days: String(period.value), min: String(ROTATION_PERIOD_DAYS.min), max: String(ROTATION_PERIOD_DAYS.max) },
        });
      }
      if (key.kind === 'unknown') return;
      if (key.kind !== 'symmetric' || key.unrotatableOrigin !== undefined) {
        if (key.rotation !== 'true') return;
        const kind = key.kind === 'symmetric' ? `a key whose material has origin ${key.unrotatableOrigin}` : UNSUPPORTED[key.kind];
        context.report({ node: key.site.node, messageId: 'rotationUnsupported', data: { kind } });
        return;
      }
      if (key.rotation === 'absent') context.report({ node: key.site.node, messageId: 'missingKeyRotation', data: { construct: key.construct } });
      else if (key.rotation === 'false' && options.checkExplicitlyDisabled !== false) context.report({ node: key.site.node, messageId: 'keyRotationDisabled' });
    }
  },
});
