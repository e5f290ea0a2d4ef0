/**
 * Static evaluation of expressions into three-valued {@link StaticValue}s.
 *
 * Follows: literals, template literals, object/array literals with spreads and shorthand, `const` bindings (and
 * `let`/`var` bindings that are never reassigned), member reads of known objects, conditional and logical expressions
 * (both branches), TypeScript wrappers (`as`, `!`, `satisfies`), function parameters through their call sites in the
 * same file, and byte producers (`Buffer.from/alloc`, `new Uint8Array(n)`, `TextEncoder#encode`, `randomBytes(n)`,
 * `"x".repeat(n)`, Node `createHash(name)…digest()`). Anything else is `unknown`.
 */
import { ASTUtils, type TSESLint, TSESTree, AST_NODE_TYPES as T } from '../util/ts-eslint.js';
import type { ObjectProperty, PropertyLookup, StaticValue } from './model.js';
import { NODE_HASH_DIGEST_BYTES } from './catalog/kms-limits.js';

const MAX_DEPTH = 24;

/** Creates an unknown value for `node`. */
export function unknownValue(node?: TSESTree.Node): StaticValue {
  return { kind: 'unknown', node };
}

/** UTF-8 length of a string in bytes (what KMS counts for `Plaintext`). */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Byte length of `Buffer.from(text, encoding)` for the encodings Node accepts.
 * @returns `undefined` for an encoding Node does not know.
 */
export function encodedByteLength(text: string, encoding: string): number | undefined {
  const normalized = encoding.toLowerCase();
  if (!Buffer.isEncoding(normalized)) return undefined;
  return Buffer.byteLength(text, normalized as BufferEncoding);
}

/**
 * Evaluates expressions of one file. Create one per file (it caches by node); it never throws on odd code — anything
 * it cannot follow is `unknown`.
 */
export class ValueEvaluator {
  private readonly cache = new Map<TSESTree.Node, StaticValue>();
  private readonly inProgress = new Set<TSESTree.Node>();

  constructor(private readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  /** Evaluates `node`. Never throws. */
  evaluate(node: TSESTree.Node | null | undefined, depth = 0): StaticValue {
    if (!node) return { kind: 'primitive', value: undefined, byteLength: undefined, node: undefined };
    const cached = this.cache.get(node);
    if (cached) return cached;
    if (depth > MAX_DEPTH || this.inProgress.has(node)) return unknownValue(node);
    this.inProgress.add(node);
    let value: StaticValue;
    try {
      value = this.evaluateUncached(node, depth + 1);
    } catch {
      value = unknownValue(node);
    } finally {
      this.inProgress.delete(node);
    }
    this.cache.set(node, value);
    return value;
  }

  /** The variable `identifier` refers to, if the scope manager knows it. */
  findVariable(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null {
    return ASTUtils.findVariable(this.sourceCode.getScope(identifier), identifier);
  }

  private evaluateUncached(node: TSESTree.Node, depth: number): StaticValue {
    switch (node.type) {
      case T.Literal: {
        if ('regex' in node && node.regex) return unknownValue(node);
        const value = node.value as string | number | boolean | bigint | null;
        return primitive(value, node);
      }
      case T.TemplateLiteral: {
        let text = node.quasis[0]?.value.cooked ?? '';
        for (let index = 0; index < node.expressions.length; index++) {
          const part = this.evaluate(node.expressions[index], depth);
          const partText = toStringValue(part);
          if (partText === undefined) return unknownValue(node);
          text += partText + (node.quasis[index + 1]?.value.cooked ?? '');
        }
        return primitive(text, node);
      }
      case T.TSAsExpression:
      case T.TSNonNullExpression:
      case T.TSSatisfiesExpression:
      case T.TSTypeAssertion:
      case T.TSInstantiationExpression:
        return this.evaluate(node.expression, depth);
      case T.ChainExpression:
        return this.evaluate(node.expression, depth);
      case T.Identifier:
        return this.evaluateIdentifier(node, depth);
      case T.ObjectExpression:
        return this.evaluateObject(node, depth);
      case T.ArrayExpression:
        return this.evaluateArray(node, depth);
      case T.ConditionalExpression:
        return union([this.evaluate(node.consequent, depth), this.evaluate(node.alternate, depth)], node);
      case T.LogicalExpression:
        return this.evaluateLogical(node, depth);
      case T.MemberExpression:
        return this.evaluateMember(node, depth);
      case T.CallExpression:
        return this.evaluateCall(node, depth);
      case T.NewExpression:
        return this.evaluateNew(node, depth);
      case T.BinaryExpression: {
        if (node.operator !== '+') return unknownValue(node);
        const left = toStringValue(this.evaluate(node.left, depth));
        const right = toStringValue(this.evaluate(node.right, depth));
        const leftValue = this.evaluate(node.left, depth);
        const rightValue = this.evaluate(node.right, depth);
        if (
          leftValue.kind === 'primitive' &&
          rightValue.kind === 'primitive' &&
          typeof leftValue.value === 'number' &&
          typeof rightValue.value === 'number'
        ) {
          return primitive(leftValue.value + rightValue.value, node);
        }
        if (left !== undefined && right !== undefined && (isString(leftValue) || isString(rightValue))) {
          return primitive(left + right, node);
        }
        return unknownValue(node);
      }
      case T.UnaryExpression:
        if (node.operator === 'void') return primitive(undefined, node);
        if (node.operator === '-') {
          const argument = this.evaluate(node.argument, depth);
          if (argument.kind === 'primitive' && typeof argument.value === 'number') return primitive(-argument.value, node);
        }
        return unknownValue(node);
      case T.AwaitExpression:
        return unknownValue(node);
      default:
        return unknownValue(node);
    }
  }

  private evaluateIdentifier(node: TSESTree.Identifier, depth: number): StaticValue {
    if (node.name === 'undefined') {
      const variable = this.findVariable(node);
      if (!variable || variable.defs.length === 0) return primitive(undefined, node);
    }
    const variable = this.findVariable(node);
    if (!variable || variable.defs.length !== 1) return unknownValue(node);
    const definition = variable.defs[0]!;
    if (definition.type === 'Variable') {
      const declarator = definition.node as TSESTree.VariableDeclarator;
      const declaration = definition.parent as TSESTree.VariableDeclaration | null;
      const isConst = declaration?.kind === 'const';
      const reassigned = isReassigned(variable, definition.name);
      if (!isConst && reassigned) {
        if (declarator.id.type !== T.Identifier) return unknownValue(node);
        return this.evaluateReassigned(variable, declarator, node, depth);
      }
      if (declarator.id.type === T.Identifier) {
        if (!declarator.init) return isConst ? unknownValue(node) : primitive(undefined, node);
        const initial = this.evaluate(declarator.init, depth);
        // `const chunks = []; chunks.push(x)`: the literal no longer describes the value.
        if ((initial.kind === 'object' || initial.kind === 'array') && isMutated(variable)) return unknownValue(node);
        return initial;
      }
      // `const { a } = obj` / `const [a] = arr`: read the member of the evaluated initialiser.
      if (declarator.init) return this.evaluatePatternMember(declarator.id, definition.name as TSESTree.Identifier, this.evaluate(declarator.init, depth), depth);
      return unknownValue(node);
    }
    if (definition.type === 'Parameter') {
      return this.evaluateParameter(definition.name as TSESTree.Identifier, definition.node, depth);
    }
    return unknownValue(node);
  }

  /**
   * A `let`/`var` that is assigned again: every assignment is a candidate (the union of them), when all of them are
   * plain `name = value;` statements of the same function as `use` that come before it in the source. A candidate
   * that a later one in the same statement list overwrites on straight-line code (no jump between, not inside a
   * `try` block) is dropped. Anything else — a write after the use, in another function, `+=`, destructuring — is
   * unknown. A declaration without an initialiser contributes nothing (an unassigned request fails in the SDK).
   */
  private evaluateReassigned(
    variable: TSESLint.Scope.Variable,
    declarator: TSESTree.VariableDeclarator,
    use: TSESTree.Identifier,
    depth: number,
  ): StaticValue {
    const useFunction = getEnclosingFunction(use);
    const candidates: Array<{ readonly value: TSESTree.Expression; readonly statement: TSESTree.Node }> = [];
    if (declarator.init && declarator.parent) candidates.push({ value: declarator.init, statement: declarator.parent });
    for (const reference of variable.references) {
      if (!reference.isWrite() || reference.init) continue;
      const assignment = reference.identifier.parent;
      if (assignment?.type !== T.AssignmentExpression || assignment.operator !== '=' || assignment.left !== reference.identifier) return unknownValue(use);
      if (assignment.parent?.type !== T.ExpressionStatement) return unknownValue(use);
      if (assignment.range[1] > use.range[0] || getEnclosingFunction(assignment) !== useFunction) return unknownValue(use);
      candidates.push({ value: assignment.right, statement: assignment.parent });
    }
    const live = candidates.filter((candidate) => !candidates.some((later) => isOverwrittenBy(candidate.statement, later.statement)));
    if (live.length === 0) return unknownValue(use);
    const options = live.map((candidate) => this.evaluate(candidate.value, depth));
    if (options.some((option) => option.kind === 'object' || option.kind === 'array') && isMutated(variable)) return unknownValue(use);
    return options.length === 1 ? options[0]! : union(options, use);
  }

  /** Reads the value bound to `target` inside the destructuring `pattern` from the evaluated `source`. */
  private evaluatePatternMember(pattern: TSESTree.Node, target: TSESTree.Identifier, source: StaticValue, depth: number): StaticValue {
    if (pattern === target) return source;
    if (pattern.type === T.AssignmentPattern) {
      const inner = this.evaluatePatternMember(pattern.left, target, source, depth);
      if (inner.kind === 'primitive' && inner.value === undefined) return this.evaluate(pattern.right, depth);
      return inner;
    }
    if (pattern.type === T.ObjectPattern) {
      for (const property of pattern.properties) {
        if (property.type === T.RestElement) continue;
        if (!containsNode(property.value, target)) continue;
        const key = getStaticKey(property, (expression) => this.evaluate(expression, depth));
        if (key === undefined) return unknownValue(target);
        const lookup = lookupProperty(source, key);
        const member: StaticValue =
          lookup.state === 'present'
            ? lookup.value
            : lookup.state === 'absent' && lookup.paths === 'all'
              ? primitive(undefined, target)
              : unknownValue(target);
        return this.evaluatePatternMember(property.value, target, member, depth);
      }
      return unknownValue(target);
    }
    if (pattern.type === T.ArrayPattern) {
      const index = pattern.elements.findIndex((element) => element && containsNode(element, target));
      const element = pattern.elements[index];
      if (!element || element.type === T.RestElement) return unknownValue(target);
      const member = source.kind === 'array' && source.complete && index < source.elements.length ? source.elements[index]! : unknownValue(target);
      return this.evaluatePatternMember(element, target, member, depth);
    }
    return unknownValue(target);
  }

  /**
   * A parameter's value is the union of the arguments at its call sites in this file — when the function is only
   * ever called directly by name in this file (not exported, not passed as a value). Otherwise unknown.
   */
  private evaluateParameter(name: TSESTree.Identifier, fn: TSESTree.Node, depth: number): StaticValue {
    if (
      fn.type !== T.FunctionDeclaration &&
      fn.type !== T.FunctionExpression &&
      fn.type !== T.ArrowFunctionExpression
    ) {
      return unknownValue(name);
    }
    const paramIndex = fn.params.findIndex((param) => containsNode(param, name));
    if (paramIndex < 0) return unknownValue(name);
    const param = fn.params[paramIndex]!;
    if (param.type === T.RestElement || param.type === T.TSParameterProperty) return unknownValue(name);
    const calls = this.findDirectCalls(fn);
    if (!calls || calls.length === 0) return unknownValue(name);
    const options: StaticValue[] = [];
    for (const call of calls) {
      if (call.arguments.slice(0, paramIndex + 1).some((argument) => argument.type === T.SpreadElement)) return unknownValue(name);
      const argument = call.arguments[paramIndex];
      let argumentValue = argument ? this.evaluate(argument, depth) : primitive(undefined, call);
      options.push(this.evaluatePatternMember(param, name, argumentValue, depth));
      argumentValue = options[options.length - 1]!;
    }
    return union(options, name);
  }

  /** The call expressions that call `fn` by name; `undefined` when the function escapes (exported, passed around). */
  private findDirectCalls(fn: TSESTree.FunctionLike): TSESTree.CallExpression[] | undefined {
    let nameNode: TSESTree.Identifier | undefined;
    if (fn.type === T.FunctionDeclaration && fn.id) {
      nameNode = fn.id;
      if (fn.parent?.type === T.ExportNamedDeclaration || fn.parent?.type === T.ExportDefaultDeclaration) return undefined;
    } else if (fn.parent?.type === T.VariableDeclarator && fn.parent.id.type === T.Identifier && fn.parent.init === fn) {
      nameNode = fn.parent.id;
      if (fn.parent.parent?.parent?.type === T.ExportNamedDeclaration) return undefined;
    }
    if (!nameNode) return undefined;
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(nameNode), nameNode);
    if (!variable) return undefined;
    const calls: TSESTree.CallExpression[] = [];
    for (const reference of variable.references) {
      if (reference.init) continue;
      const parent = reference.identifier.parent;
      if (parent?.type === T.CallExpression && parent.callee === reference.identifier) {
        calls.push(parent);
      } else if (parent?.type === T.ExportSpecifier) {
        return undefined;
      } else {
        return undefined;
      }
    }
    return calls;
  }

  private evaluateObject(node: TSESTree.ObjectExpression, depth: number): StaticValue {
    const properties = new Map<string, ObjectProperty>();
    let complete = true;
    for (const member of node.properties) {
      if (member.type === T.SpreadElement) {
        const spread = this.evaluate(member.argument, depth);
        if (!mergeSpread(properties, spread)) complete = false;
        continue;
      }
      const key = getStaticKey(member, (expression) => this.evaluate(expression, depth));
      if (key === undefined) {
        complete = false;
        continue;
      }
      if (member.kind !== 'init') {
        properties.set(key, { name: key, value: unknownValue(member.value), propertyNode: member });
        continue;
      }
      const valueNode = member.value.type === T.AssignmentPattern ? member.value.right : member.value;
      properties.set(key, { name: key, value: this.evaluate(valueNode, depth), propertyNode: member });
    }
    return { kind: 'object', properties: [...properties.values()], complete, node };
  }

  private evaluateArray(node: TSESTree.ArrayExpression, depth: number): StaticValue {
    const elements: StaticValue[] = [];
    let complete = true;
    for (const element of node.elements) {
      if (!element) {
        elements.push(primitive(undefined, node));
      } else if (element.type === T.SpreadElement) {
        const spread = this.evaluate(element.argument, depth);
        if (spread.kind === 'array' && spread.complete) elements.push(...spread.elements);
        else complete = false;
      } else {
        elements.push(this.evaluate(element, depth));
      }
    }
    return { kind: 'array', elements, complete, node };
  }

  private evaluateLogical(node: TSESTree.LogicalExpression, depth: number): StaticValue {
    const left = this.evaluate(node.left, depth);
    const truthy = getTruthiness(left);
    const nullish = getNullishness(left);
    if (node.operator === '??') {
      if (nullish === true) return this.evaluate(node.right, depth);
      if (nullish === false) return left;
      return union([left, this.evaluate(node.right, depth)], node);
    }
    if (node.operator === '||') {
      if (truthy === true) return left;
      if (truthy === false) return this.evaluate(node.right, depth);
      return union([left, this.evaluate(node.right, depth)], node);
    }
    if (truthy === false) return left;
    if (truthy === true) return this.evaluate(node.right, depth);
    return union([left, this.evaluate(node.right, depth)], node);
  }

  private evaluateMember(node: TSESTree.MemberExpression, depth: number): StaticValue {
    const key = node.computed ? toStringValue(this.evaluate(node.property, depth)) : (node.property as TSESTree.Identifier).name;
    if (key === undefined) return unknownValue(node);
    const object = this.evaluate(node.object, depth);
    if (key === 'length' && object.kind === 'primitive' && typeof object.value === 'string') {
      return primitive(object.value.length, node);
    }
    if ((key === 'length' || key === 'byteLength') && object.kind === 'bytes' && object.byteLength !== undefined) {
      return primitive(object.byteLength, node);
    }
    const lookup = lookupProperty(object, key);
    if (lookup.state === 'present') return lookup.value;
    if (lookup.state === 'absent' && lookup.paths === 'all') return primitive(undefined, node);
    return unknownValue(node);
  }

  private evaluateCall(node: TSESTree.CallExpression, depth: number): StaticValue {
    const callee = node.callee;
    const name = getCalleeName(callee);
    const argument = (index: number): StaticValue =>
      node.arguments[index] && node.arguments[index]!.type !== T.SpreadElement
        ? this.evaluate(node.arguments[index], depth)
        : unknownValue(node);
    switch (name) {
      case 'Object.assign': {
        // `Object.assign({}, base, extra)`: the members of every source, later ones winning, on the target's.
        if (node.arguments.length === 0) return unknownValue(node);
        const properties = new Map<string, ObjectProperty>();
        let complete = true;
        for (let index = 0; index < node.arguments.length; index++) {
          if (!mergeSpread(properties, argument(index))) complete = false;
        }
        return { kind: 'object', properties: [...properties.values()], complete, node };
      }
      case 'Buffer.from': {
        const source = argument(0);
        if (node.arguments.length === 0) return unknownValue(node);
        const text = toStringValueIfString(source);
        if (text !== undefined) {
          const encoding = node.arguments[1] ? toStringValueIfString(argument(1)) : 'utf8';
          return bytes(encoding === undefined ? undefined : encodedByteLength(text, encoding), node);
        }
        if (source.kind === 'bytes') return bytes(source.byteLength, node);
        if (source.kind === 'array' && source.complete) return bytes(source.elements.length, node);
        return bytes(undefined, node);
      }
      case 'Buffer.alloc':
      case 'Buffer.allocUnsafe':
      case 'Buffer.allocUnsafeSlow':
      case 'randomBytes':
      case 'crypto.randomBytes':
      case 'randomBytesSync': {
        const size = argument(0);
        return bytes(size.kind === 'primitive' && typeof size.value === 'number' ? size.value : undefined, node);
      }
      case 'Buffer.concat': {
        const list = argument(0);
        if (list.kind !== 'array' || !list.complete) return bytes(undefined, node);
        let total = 0;
        for (const element of list.elements) {
          const length = getByteLength(element);
          if (length === undefined) return bytes(undefined, node);
          total += length;
        }
        return bytes(total, node);
      }
      case 'Buffer.byteLength': {
        const length = getByteLength(argument(0));
        return length === undefined ? unknownValue(node) : primitive(length, node);
      }
      case 'JSON.stringify':
        return unknownValue(node);
      case 'String':
        {
          const text = toStringValue(argument(0));
          return text === undefined ? unknownValue(node) : primitive(text, node);
        }
      default:
        break;
    }
    if (callee.type === T.MemberExpression && !callee.computed && callee.property.type === T.Identifier) {
      const method = callee.property.name;
      if (method === 'encode' && this.isTextEncoderInstance(callee.object)) {
        const text = toStringValueIfString(argument(0));
        return bytes(text === undefined ? undefined : utf8ByteLength(text), node);
      }
      if (method === 'digest' && node.arguments.length === 0) {
        // Only a `Hash` of Node's `createHash` is bytes; any other object's `digest()` stays unknown.
        const hash = this.getHashAlgorithm(callee.object, depth)?.toLowerCase();
        if (hash !== undefined) return bytes(Object.hasOwn(NODE_HASH_DIGEST_BYTES, hash) ? NODE_HASH_DIGEST_BYTES[hash] : undefined, node);
      }
      if (method === 'repeat') {
        const text = toStringValueIfString(this.evaluate(callee.object, depth));
        const count = argument(0);
        if (text !== undefined && count.kind === 'primitive' && typeof count.value === 'number' && count.value >= 0 && count.value < 1e7) {
          return primitive(text.repeat(count.value), node);
        }
      }
    }
    return unknownValue(node);
  }

  /**
   * The hash name of a Node `Hash` object: `createHash(name)` (also `crypto.createHash`), followed through chained
   * `.update(…)` calls and a never-reassigned variable initialised with either. `undefined` when not known.
   */
  private getHashAlgorithm(node: TSESTree.Node, depth: number): string | undefined {
    let current = node;
    for (let steps = 0; steps < MAX_DEPTH; steps++) {
      if (current.type === T.TSNonNullExpression || current.type === T.TSAsExpression) {
        current = current.expression;
        continue;
      }
      if (current.type === T.Identifier) {
        const variable = this.findVariable(current);
        const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        if (definition?.type !== 'Variable' || variable!.references.some((reference) => reference.isWrite() && reference.init !== true)) return undefined;
        const declarator = definition.node as TSESTree.VariableDeclarator;
        if (declarator.id !== current && declarator.id.type !== T.Identifier) return undefined;
        if (!declarator.init) return undefined;
        current = declarator.init;
        continue;
      }
      if (current.type !== T.CallExpression) return undefined;
      const name = getCalleeName(current.callee);
      if (name === 'createHash' || name === 'crypto.createHash') {
        const first = current.arguments[0];
        return first && first.type !== T.SpreadElement ? toStringValueIfString(this.evaluate(first, depth)) : undefined;
      }
      if (current.callee.type === T.MemberExpression && !current.callee.computed && current.callee.property.type === T.Identifier && current.callee.property.name === 'update') {
        current = current.callee.object;
        continue;
      }
      return undefined;
    }
    return undefined;
  }

  /** `new TextEncoder()` inline, or a never-reassigned variable initialised with it. */
  private isTextEncoderInstance(node: TSESTree.Node): boolean {
    if (node.type === T.NewExpression) return getCalleeName(node.callee) === 'TextEncoder';
    if (node.type !== T.Identifier) return false;
    const variable = this.findVariable(node);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== 'Variable') return false;
    const init = (definition.node as TSESTree.VariableDeclarator).init;
    return init?.type === T.NewExpression && getCalleeName(init.callee) === 'TextEncoder';
  }

  private evaluateNew(node: TSESTree.NewExpression, depth: number): StaticValue {
    const name = getCalleeName(node.callee);
    if (name === 'Uint8Array' || name === 'ArrayBuffer' || name === 'Buffer') {
      const first = node.arguments[0] && node.arguments[0].type !== T.SpreadElement ? this.evaluate(node.arguments[0], depth) : undefined;
      if (first?.kind === 'primitive' && typeof first.value === 'number') return bytes(first.value, node);
      if (first?.kind === 'bytes') return bytes(first.byteLength, node);
      if (first?.kind === 'array' && first.complete) return bytes(first.elements.length, node);
      return bytes(undefined, node);
    }
    return unknownValue(node);
  }
}

const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);

/**
 * True when some reference changes the object or array a variable holds: a member assignment or update
 * (`o.a = 1`, `o[k]++`, `delete o.a`), a mutating method call (`a.push(x)`), or `Object.assign(o, …)` /
 * `Object.defineProperty(o, …)`. Passing the value to other functions is not counted.
 */
const reassignedVariables = new WeakMap<TSESLint.Scope.Variable, boolean>();
const mutatedVariables = new WeakMap<TSESLint.Scope.Variable, boolean>();

/**
 * A reference other than `name` (the declaring identifier) writes the variable. Kept per variable: every use of a
 * `const KEY_ID` asks, and a scan of all references per use is quadratic in the uses.
 */
function isReassigned(variable: TSESLint.Scope.Variable, name: TSESTree.Node): boolean {
  let reassigned = reassignedVariables.get(variable);
  if (reassigned === undefined) {
    reassigned = variable.references.some((reference) => reference.isWrite() && reference.identifier !== name);
    reassignedVariables.set(variable, reassigned);
  }
  return reassigned;
}

/** The variable's object is written through a member, a mutating method or `Object.assign` (kept per variable). */
function isMutated(variable: TSESLint.Scope.Variable): boolean {
  let mutated = mutatedVariables.get(variable);
  if (mutated === undefined) {
    mutated = scanForMutation(variable);
    mutatedVariables.set(variable, mutated);
  }
  return mutated;
}

function scanForMutation(variable: TSESLint.Scope.Variable): boolean {
  return variable.references.some((reference) => {
    const identifier = reference.identifier;
    const parent = identifier.parent;
    if (!parent) return false;
    if (parent.type === T.MemberExpression && parent.object === identifier) {
      const grand = parent.parent;
      if (grand?.type === T.AssignmentExpression && grand.left === parent) return true;
      if (grand?.type === T.UpdateExpression) return true;
      if (grand?.type === T.UnaryExpression && grand.operator === 'delete') return true;
      if (grand?.type === T.CallExpression && grand.callee === parent && !parent.computed && parent.property.type === T.Identifier) {
        return MUTATING_METHODS.has(parent.property.name);
      }
      return false;
    }
    if (parent.type === T.CallExpression && parent.arguments[0] === identifier) {
      const name = getCalleeName(parent.callee);
      return name === 'Object.assign' || name === 'Object.defineProperty' || name === 'Object.defineProperties' || name === 'Reflect.set';
    }
    return false;
  });
}

/** A known primitive. */
export function primitive(value: PrimitiveLike, node: TSESTree.Node | undefined): StaticValue {
  return { kind: 'primitive', value, byteLength: typeof value === 'string' ? utf8ByteLength(value) : undefined, node };
}
type PrimitiveLike = string | number | boolean | bigint | null | undefined;

function bytes(byteLength: number | undefined, node: TSESTree.Node): StaticValue {
  return { kind: 'bytes', byteLength, node };
}

/** Joins alternatives, flattening nested unions; a single option is returned as is. */
export function union(options: readonly StaticValue[], node: TSESTree.Node | undefined): StaticValue {
  const flat: StaticValue[] = [];
  for (const option of options) {
    if (option.kind === 'union') flat.push(...option.options);
    else flat.push(option);
  }
  if (flat.length === 1) return flat[0]!;
  return { kind: 'union', options: flat, node };
}

function isString(value: StaticValue): boolean {
  return value.kind === 'primitive' && typeof value.value === 'string';
}

/** The string form of a known primitive (as template literals and `+` produce it); `undefined` otherwise. */
export function toStringValue(value: StaticValue): string | undefined {
  if (value.kind !== 'primitive') return undefined;
  if (typeof value.value === 'symbol') return undefined;
  return String(value.value);
}

/** The value when it is a known string; `undefined` otherwise. */
export function toStringValueIfString(value: StaticValue): string | undefined {
  return value.kind === 'primitive' && typeof value.value === 'string' ? value.value : undefined;
}

/** Byte length of a known string (UTF-8) or byte sequence; `undefined` when not known. */
export function getByteLength(value: StaticValue): number | undefined {
  if (value.kind === 'bytes') return value.byteLength;
  if (value.kind === 'primitive' && typeof value.value === 'string') return value.byteLength;
  return undefined;
}

/** `true`/`false` when the value's truthiness is known on every path, else `undefined`. */
export function getTruthiness(value: StaticValue): boolean | undefined {
  switch (value.kind) {
    case 'primitive':
      return Boolean(value.value);
    case 'object':
    case 'array':
    case 'bytes':
      return true;
    case 'union': {
      const answers = new Set(value.options.map(getTruthiness));
      return answers.size === 1 ? [...answers][0] : undefined;
    }
    default:
      return undefined;
  }
}

function getNullishness(value: StaticValue): boolean | undefined {
  switch (value.kind) {
    case 'primitive':
      return value.value === null || value.value === undefined;
    case 'object':
    case 'array':
    case 'bytes':
      return false;
    case 'union': {
      const answers = new Set(value.options.map(getNullishness));
      return answers.size === 1 ? [...answers][0] : undefined;
    }
    default:
      return undefined;
  }
}

/** The innermost function around `node`, or the `Program` for module-level code. */
function getEnclosingFunction(node: TSESTree.Node): TSESTree.Node {
  let current = node.parent;
  while (current && current.type !== T.FunctionDeclaration && current.type !== T.FunctionExpression && current.type !== T.ArrowFunctionExpression && current.type !== T.Program) {
    current = current.parent;
  }
  return current ?? node;
}

const JUMPS: ReadonlySet<string> = new Set([T.ReturnStatement, T.BreakStatement, T.ContinueStatement, T.ThrowStatement]);

/**
 * True when `later` runs after `earlier` on every path that ran `earlier`: both are statements of one statement
 * list, `later` after `earlier`, no jump between them, and the list is not a `try` block (a throw in between could
 * leave `earlier`'s value for a `catch`).
 */
function isOverwrittenBy(earlier: TSESTree.Node, later: TSESTree.Node): boolean {
  if (earlier === later || earlier.parent !== later.parent || later.range[0] < earlier.range[1]) return false;
  const list = earlier.parent;
  if (!list) return false;
  if (list.type === T.BlockStatement && list.parent?.type === T.TryStatement && list.parent.block === list) return false;
  const body: readonly TSESTree.Node[] | undefined =
    list.type === T.BlockStatement || list.type === T.Program ? list.body : list.type === T.SwitchCase ? list.consequent : undefined;
  if (!body) return false;
  const from = body.indexOf(earlier);
  const to = body.indexOf(later);
  if (from < 0 || to < 0) return false;
  return !body.slice(from + 1, to).some((statement) => JUMPS.has(statement.type));
}

function mergeSpread(into: Map<string, ObjectProperty>, spread: StaticValue): boolean {
  if (spread.kind === 'object') {
    for (const property of spread.properties) into.set(property.name, property);
    return spread.complete;
  }
  if (spread.kind === 'primitive' && (spread.value === null || spread.value === undefined)) return true;
  return false;
}

/**
 * Three-valued property lookup on an evaluated value (see {@link PropertyLookup}). A property whose value is known to
 * be `undefined` counts as absent, as the SDKs drop it when serialising.
 */
export function lookupProperty(value: StaticValue, name: string): PropertyLookup {
  switch (value.kind) {
    case 'object': {
      for (let index = value.properties.length - 1; index >= 0; index--) {
        const property = value.properties[index]!;
        if (property.name !== name) continue;
        const propertyValue = property.value;
        if (propertyValue.kind === 'primitive' && propertyValue.value === undefined) {
          return value.complete ? { state: 'absent', paths: 'all' } : { state: 'unknown' };
        }
        if (propertyValue.kind === 'union') {
          const defined = propertyValue.options.filter((option) => !(option.kind === 'primitive' && option.value === undefined));
          if (defined.length !== propertyValue.options.length) return value.complete ? { state: 'absent', paths: 'some' } : { state: 'unknown' };
        }
        return { state: 'present', value: propertyValue, propertyNode: property.propertyNode };
      }
      return value.complete ? { state: 'absent', paths: 'all' } : { state: 'unknown' };
    }
    case 'union': {
      const lookups = value.options.map((option) => lookupProperty(option, name));
      if (lookups.every((lookup) => lookup.state === 'present')) {
        const present = lookups as Array<Extract<PropertyLookup, { state: 'present' }>>;
        return {
          state: 'present',
          value: union(present.map((lookup) => lookup.value), value.node),
          propertyNode: present[0]!.propertyNode,
        };
      }
      if (lookups.every((lookup) => lookup.state === 'absent' && lookup.paths === 'all')) return { state: 'absent', paths: 'all' };
      if (lookups.some((lookup) => lookup.state === 'absent')) return { state: 'absent', paths: 'some' };
      return { state: 'unknown' };
    }
    default:
      return { state: 'unknown' };
  }
}

/** The static name of an object property or pattern property key; `undefined` when computed and unknown. */
export function getStaticKey(
  property: TSESTree.Property,
  evaluate?: (expression: TSESTree.Expression) => StaticValue,
): string | undefined {
  if (!property.computed) {
    if (property.key.type === T.Identifier) return property.key.name;
    if (property.key.type === T.Literal) return String(property.key.value);
    return undefined;
  }
  if (!evaluate) return undefined;
  return toStringValue(evaluate(property.key as TSESTree.Expression));
}

/** `Buffer.from`, `crypto.randomBytes`, `randomBytes`, `String` … — the dotted name of a callee, when it is one. */
export function getCalleeName(callee: TSESTree.Node): string | undefined {
  if (callee.type === T.Identifier) return callee.name;
  if (callee.type === T.MemberExpression && !callee.computed && callee.property.type === T.Identifier) {
    const object = getCalleeName(callee.object);
    return object === undefined ? undefined : `${object}.${callee.property.name}`;
  }
  return undefined;
}


/**
 * The static name of a member access: `a.b` → `b`, `a['b']` → `b`, `a[0]` → `0`, `this.#k` → `#k`; `undefined` when
 * the property is computed from anything but a literal.
 */
export function getStaticMemberName(member: TSESTree.MemberExpression): string | undefined {
  if (member.computed) return member.property.type === T.Literal && member.property.value !== null ? String(member.property.value) : undefined;
  if (member.property.type === T.PrivateIdentifier) return `#${member.property.name}`;
  return member.property.type === T.Identifier ? member.property.name : undefined;
}

/** True when `inner` is `outer` or lies inside it (by source range). */
export function containsNode(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}
