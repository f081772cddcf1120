// YAML with CloudFormation short-form intrinsics, as Serverless Framework and CloudFormation accept it:
// `!Ref X` parses to `{ Ref: 'X' }`, `!GetAtt A.B` to `{ 'Fn::GetAtt': ['A', 'B'] }`, `!Sub ...` to
// `{ 'Fn::Sub': ... }` and so on, in scalar, sequence and mapping forms.
import type { CollectionTag, ScalarTag, YAMLMap, YAMLSeq } from 'yaml';
import { parseDocument } from 'yaml';

export class CloudFormationYamlError extends Error {
  override readonly name = 'CloudFormationYamlError';
}

const FN_TAGS = [
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Length',
  'Not',
  'And',
  'Or',
  'Select',
  'Split',
  'Sub',
  'ToJsonString',
  'Transform',
] as const;

type Wrap = (value: unknown) => unknown;

function tagsFor(name: string, wrapScalar: Wrap, wrapCollection: Wrap): Array<ScalarTag | CollectionTag> {
  const tag = `!${name}`;
  return [
    { tag, resolve: (text: string) => wrapScalar(text) },
    { tag, collection: 'seq', resolve: (seq: YAMLSeq | YAMLMap) => wrapCollection(seq.toJSON()) },
    { tag, collection: 'map', resolve: (map: YAMLSeq | YAMLMap) => wrapCollection(map.toJSON()) },
  ] as Array<ScalarTag | CollectionTag>;
}

const fn = (name: string) => (value: unknown) => ({ [`Fn::${name}`]: value });

/** All short-form tags, each in scalar, sequence and mapping form. */
export const CLOUDFORMATION_TAGS: Array<ScalarTag | CollectionTag> = [
  ...tagsFor(
    'Ref',
    (value) => ({ Ref: value }),
    (value) => ({ Ref: value }),
  ),
  ...tagsFor(
    'Condition',
    (value) => ({ Condition: value }),
    (value) => ({ Condition: value }),
  ),
  // `!GetAtt Resource.Attribute.Path` splits at the first dot only.
  ...tagsFor(
    'GetAtt',
    (value) => {
      const text = String(value);
      const dot = text.indexOf('.');
      return { 'Fn::GetAtt': dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)] };
    },
    fn('GetAtt'),
  ),
  ...FN_TAGS.flatMap((name) => tagsFor(name, fn(name), fn(name))),
];

/** Parses YAML text (CloudFormation tags allowed, `<<` merge keys honoured) into plain JSON values. */
export function parseCloudFormationYaml(text: string, source = 'YAML'): unknown {
  const document = parseDocument(text, { customTags: CLOUDFORMATION_TAGS, merge: true, prettyErrors: true });
  if (document.errors.length > 0) {
    const details = document.errors.map((error) => error.message).join('\n');
    throw new CloudFormationYamlError(`${source} is not valid YAML:\n${details}`, {
      cause: document.errors[0],
    });
  }
  return document.toJS({ maxAliasCount: 1_000 });
}
