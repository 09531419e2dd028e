/**
 * The API reference (docs/api.md), read from the TSDoc comments of what the package exports
 * (modules/index.ts) with the TypeScript compiler: every construct with its props, every props
 * interface with each prop's type, description and default, then the other exports by kind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { markdownCell as cell } from './markdown';

const ROOT = join(__dirname, '..', '..');
export const API_ENTRY = join(ROOT, 'modules', 'index.ts');
const PACKAGE_NAME: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).name;

export interface ApiProp {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly description: string;
  readonly default?: string;
}

export interface ApiExport {
  readonly name: string;
  readonly kind: 'construct' | 'class' | 'interface' | 'function' | 'type' | 'constant';
  readonly module: string;
  readonly description: string;
  /** Interfaces: their properties; constructs: their constructor's props, by interface name. */
  readonly props: readonly ApiProp[];
  readonly propsInterface?: string;
}

function docOf(checker: ts.TypeChecker, symbol: ts.Symbol): { description: string; default?: string } {
  const description = ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
  const tag = symbol.getJsDocTags(checker).find((candidate) => candidate.name === 'default');
  const value = tag ? ts.displayPartsToString(tag.text).replace(/\s+/g, ' ').trim() : undefined;
  return { description, default: value };
}

/** Whether a class extends `Construct` (directly or through its bases). */
function isConstruct(type: ts.Type): boolean {
  for (let current: ts.Type | undefined = type; current; ) {
    if (current.getSymbol()?.getName() === 'Construct') return true;
    const bases: ts.BaseType[] = current.getBaseTypes?.() ?? [];
    current = bases[0];
  }
  return false;
}

/** Every export of the package, in the order of modules/index.ts, then by name within a module. */
export function apiExports(entry = API_ENTRY): ApiExport[] {
  const program = ts.createProgram([entry], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, types: ['node'] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const exports: ApiExport[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (!declaration) continue;
    const module = ts.sys.resolvePath(declaration.getSourceFile().fileName).replace(`${ROOT}/`, '');
    const { description } = docOf(checker, symbol);
    const propsOf = (type: ts.Type): ApiProp[] =>
      checker.getPropertiesOfType(type).map((property) => {
        const doc = docOf(checker, property);
        const propertyDeclaration = property.declarations?.[0];
        const propertyType = propertyDeclaration ? checker.getTypeOfSymbolAtLocation(property, propertyDeclaration) : checker.getTypeOfSymbol(property);
        const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
        return {
          name: property.getName(),
          type: checker.typeToString(optional ? checker.getNonNullableType(propertyType) : propertyType, undefined, ts.TypeFormatFlags.NoTruncation),
          optional,
          ...doc,
        };
      });
    if (ts.isClassDeclaration(declaration)) {
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      const construct = isConstruct(type);
      const constructor = declaration.members.find(ts.isConstructorDeclaration);
      const propsParameter = construct ? constructor?.parameters[2] : undefined;
      const propsType = propsParameter?.type ? checker.getTypeFromTypeNode(propsParameter.type) : undefined;
      exports.push({
        name: symbol.getName(),
        kind: construct ? 'construct' : 'class',
        module,
        description,
        props: [],
        propsInterface: propsType?.getSymbol()?.getName(),
      });
    } else if (ts.isInterfaceDeclaration(declaration)) {
      exports.push({ name: symbol.getName(), kind: 'interface', module, description, props: propsOf(checker.getDeclaredTypeOfSymbol(symbol)) });
    } else if (ts.isFunctionDeclaration(declaration)) {
      exports.push({ name: symbol.getName(), kind: 'function', module, description, props: [] });
    } else if (ts.isTypeAliasDeclaration(declaration)) {
      exports.push({ name: symbol.getName(), kind: 'type', module, description, props: [] });
    } else {
      exports.push({ name: symbol.getName(), kind: 'constant', module, description, props: [] });
    }
  }
  return exports;
}

/** What a reader of the reference would miss: constructs, props interfaces or props without a description, optional props without @default. */
export function undocumented(exports: readonly ApiExport[]): string[] {
  const problems: string[] = [];
  const interfaces = new Map(exports.filter((item) => item.kind === 'interface').map((item) => [item.name, item]));
  for (const item of exports) {
    if (item.description === '' && (item.kind === 'construct' || item.kind === 'class' || item.kind === 'function' || item.name.endsWith('Props'))) {
      problems.push(`${item.name} (${item.module}) has no description`);
    }
    if (item.kind === 'construct') {
      if (!item.propsInterface || !interfaces.has(item.propsInterface)) problems.push(`${item.name}: its props interface ${item.propsInterface ?? '(none)'} is not exported`);
    }
    if (item.kind === 'interface' && item.name.endsWith('Props')) {
      for (const prop of item.props) {
        if (prop.description === '') problems.push(`${item.name}.${prop.name} has no description`);
        if (prop.optional && prop.default === undefined) problems.push(`${item.name}.${prop.name} is optional but has no @default`);
      }
    }
  }
  return problems;
}

/** `@default 'en'` as code, `@default - the home region only` as words. */
const defaultText = (value: string | undefined) => (value === undefined ? '' : value.startsWith('- ') ? value.slice(2) : `\`${value}\``);

export function apiDocument(exports: readonly ApiExport[]): string {
  const interfaces = new Map(exports.filter((item) => item.kind === 'interface').map((item) => [item.name, item]));
  const propsTable = (props: readonly ApiProp[]) => [
    '| prop | type | default | description |',
    '|---|---|---|---|',
    ...props.map((prop) => `| \`${prop.name}\` | \`${cell(prop.type)}\` | ${prop.optional ? cell(defaultText(prop.default)) : 'required'} | ${cell(prop.description)} |`),
  ];
  const lines = [
    '# API reference',
    '',
    '<!-- Written by `npm run docs` from the TSDoc comments of modules/index.ts and what it exports; a test fails when it is stale. Do not edit by hand. -->',
    '',
    `Everything \`${PACKAGE_NAME}\` exports from its root (\`import { AccountBaseline } from '${PACKAGE_NAME}'\`).`,
    'Constructs first, each with its props; then the other classes, interfaces, functions, types and constants.',
    'Construct ids are a contract: see the [changelog](../CHANGELOG.md).',
    '',
  ];
  const constructs = exports.filter((item) => item.kind === 'construct');
  lines.push('## Constructs', '');
  for (const construct of constructs) {
    const props = construct.propsInterface ? interfaces.get(construct.propsInterface) : undefined;
    lines.push(`### ${construct.name}`, '', `\`new ${construct.name}(scope, id, props: ${construct.propsInterface})\`, from \`${construct.module}\`.`, '', construct.description, '');
    if (props) lines.push(...propsTable(props.props), '');
  }
  const shown = new Set(constructs.map((item) => item.propsInterface));
  const sections: Array<[string, ApiExport['kind']]> = [
    ['Other classes', 'class'],
    ['Interfaces', 'interface'],
    ['Functions', 'function'],
    ['Types', 'type'],
    ['Constants', 'constant'],
  ];
  for (const [title, kind] of sections) {
    const items = exports.filter((item) => item.kind === kind && !(kind === 'interface' && shown.has(item.name)));
    if (items.length === 0) continue;
    lines.push(`## ${title}`, '');
    if (kind === 'interface') {
      for (const item of items) {
        lines.push(`### ${item.name}`, '', `From \`${item.module}\`. ${item.description}`.trim(), '');
        if (item.props.length > 0) lines.push(...propsTable(item.props), '');
      }
    } else {
      lines.push('| name | from | description |', '|---|---|---|', ...items.map((item) => `| \`${item.name}\` | \`${item.module}\` | ${cell(item.description)} |`), '');
    }
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
