/**
 * Table-driven tests of `roles.ts`: one key identity for every form KMS accepts, and the catalogue's groups resolved
 * on real call sites (which key goes with which context and algorithm).
 */
import { describe, expect, it } from 'vitest';
import { getResolvedGroups, parseKeyIdentity, type ResolvedGroup } from '../../src/analysis/roles.js';
import { analyse, type ParseMode } from './harness.js';

describe('parseKeyIdentity', () => {
  const rows: ReadonlyArray<readonly [string, string]> = [
    ['1234abcd-12ab-34cd-56ef-1234567890ab', 'key-id key=1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['mrk-1234abcd12ab34cd56ef1234567890ab', 'key-id key=mrk-1234abcd12ab34cd56ef1234567890ab mrk'],
    ['arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'key-arn aws us-east-2 111122223333 key=1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab', 'key-arn aws-cn cn-north-1 111122223333 key=mrk-1234abcd12ab34cd56ef1234567890ab mrk'],
    ['alias/ExampleAlias', 'alias alias=alias/ExampleAlias'],
    ['arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/app/docs', 'alias-arn aws-us-gov us-gov-west-1 111122223333 alias=alias/app/docs'],
    ['alias/', 'other'],
    ['my-key', 'other'],
    ['arn:aws:s3:::bucket', 'other'],
  ];
  it.each(rows)('%s', (text, expected) => {
    const identity = parseKeyIdentity(text);
    const parts = [identity.form, identity.partition, identity.region, identity.account, identity.keyId && `key=${identity.keyId}`, identity.alias && `alias=${identity.alias}`, identity.multiRegion ? 'mrk' : undefined];
    expect(parts.filter(Boolean).join(' ')).toBe(expected);
    expect(identity.text).toBe(text);
  });
});

function describeGroup(group: ResolvedGroup): string {
  const key = group.key.state === 'known' ? group.key.keys.map((identity) => `${identity.form}:${identity.text}`).join('|') : group.key.state;
  const context = group.context ? `${group.contextMember}=${group.context.state}${group.contextUse ? `/${group.contextUse}` : ''}` : 'no-context';
  const algorithm = group.algorithmMember ? `${group.algorithmMember}=${group.algorithms?.join('|') ?? group.algorithm?.state}` : 'no-algorithm';
  const payload = group.payloadMember ? `${group.payloadMember}=${group.payload?.state}` : 'no-payload';
  return `${group.side} key=${key} ${context} ${algorithm} ${payload}`;
}

const V3 = "import { KMSClient, EncryptCommand, ReEncryptCommand, SignCommand } from '@aws-sdk/client-kms';\nconst client = new KMSClient({});\n";

const rows: ReadonlyArray<{ readonly name: string; readonly mode: ParseMode; readonly code: string; readonly groups: readonly string[][] }> = [
  {
    name: 'Encrypt: one group with key, context, algorithm and payload',
    mode: 'js',
    code: `${V3}client.send(new EncryptCommand({ KeyId: 'alias/docs', Plaintext: p, EncryptionContext: { a: '1' }, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }));`,
    groups: [['request key=alias:alias/docs EncryptionContext=present/encrypt EncryptionAlgorithm=SYMMETRIC_DEFAULT Plaintext=present']],
  },
  {
    name: 'ReEncrypt: source and destination keep their own key, context and algorithm',
    mode: 'js',
    code: `${V3}const dest = flag ? 'alias/new' : 'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab';\nclient.send(new ReEncryptCommand({ CiphertextBlob: b, SourceEncryptionContext: { a: '1' }, DestinationKeyId: dest, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));`,
    groups: [
      [
        'source key=absent SourceEncryptionContext=present/decrypt SourceEncryptionAlgorithm=absent CiphertextBlob=present',
        'destination key=alias:alias/new|key-arn:arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab DestinationEncryptionContext=absent/encrypt DestinationEncryptionAlgorithm=RSAES_OAEP_SHA_256 no-payload',
      ],
    ],
  },
  {
    name: 'Sign: no context, a signing algorithm',
    mode: 'js',
    code: `${V3}export const f = (key, m) => client.send(new SignCommand({ KeyId: key, Message: m, SigningAlgorithm: 'ECDSA_SHA_256' }));`,
    groups: [['request key=unknown no-context SigningAlgorithm=ECDSA_SHA_256 Message=present']],
  },
  {
    name: 'Encryption SDK encrypt: the key is in the keyring',
    mode: 'js',
    code: "import { buildClient } from '@aws-crypto/client-node';\nconst { encrypt } = buildClient();\nencrypt(keyring, data, { encryptionContext: { a: '1' } });",
    groups: [['request key=unknown encryptionContext=present/encrypt no-algorithm no-payload']],
  },
];

describe('getResolvedGroups', () => {
  it.each(rows)('$name', ({ code, mode, groups }) => {
    expect(analyse(code, mode, (analysis) => analysis.callSites.map((site) => getResolvedGroups(site).map(describeGroup)))).toEqual(groups);
  });
});
