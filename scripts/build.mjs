#!/usr/bin/env node
// `npm run build`: the wasm kernels (build-wasm.mjs), then TypeScript → build/ with one transform: reads of enum
// members (`BuiltinOperator.CONV_2D`, `TensorType.INT8`, …) are emitted as their values (`3 /* CONV_2D */`),
// as esbuild does when it bundles TypeScript sources, and file-local const enums are not emitted at all. Plain
// tsc keeps the reads as property reads of the enum objects, so an app bundling the published JavaScript
// would keep every enum table (BuiltinOperator alone names 200 ops); inlined, the tables drop out of apps that
// do not use them (each public enum has a module of its own, so nothing else keeps it). The bundles `npm run
// size` measures are built from this output. Type errors fail the build, as with `tsc -p .` (files are still
// emitted).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs')], { stdio: 'inherit' });

const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => report([d]) };
const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), undefined, host);
if (!config) process.exit(1);
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
const checker = program.getTypeChecker();

/** Replace each read of a numeric enum member by its value (a comment keeps the name). */
const inlineEnums = (context) => (file) => {
  const visit = (node) => {
    // A file-local const enum: tsc inlined its reads (and this transform those of other enums), but keeps the
    // declaration (isolatedModules implies preserveConstEnums), an object no bundler can drop: leave it out.
    if (ts.isEnumDeclaration(node) && hasModifier(node, ts.SyntaxKind.ConstKeyword) && !hasModifier(node, ts.SyntaxKind.ExportKeyword)) return undefined;
    if (ts.isPropertyAccessExpression(node) && !isAssignmentTarget(node)) {
      const value = enumMemberValue(node);
      if (typeof value === 'number' && Number.isFinite(value)) {
        const literal = value < 0
          ? ts.factory.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, ts.factory.createNumericLiteral(-value))
          : ts.factory.createNumericLiteral(value);
        return ts.addSyntheticTrailingComment(literal, ts.SyntaxKind.MultiLineCommentTrivia, ` ${node.name.text} `, false);
      }
    }
    return ts.visitEachChild(node, visit, context);
  };
  return ts.visitNode(file, visit);
};

/** The value of `E.MEMBER` when it names a member of an enum with a constant value (any enum, not only const ones). */
function enumMemberValue(node) {
  const symbol = checker.getSymbolAtLocation(node.name);
  const decl = symbol && symbol.flags & ts.SymbolFlags.EnumMember ? symbol.valueDeclaration : undefined;
  return decl && ts.isEnumMember(decl) ? checker.getConstantValue(decl) : undefined;
}

function hasModifier(node, kind) {
  return (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function isAssignmentTarget(node) {
  const p = node.parent;
  return p && ts.isBinaryExpression(p) && p.left === node && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

function report(diagnostics) {
  if (diagnostics.length === 0) return;
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }));
}

const diagnostics = ts.getPreEmitDiagnostics(program);
const emitted = program.emit(undefined, undefined, undefined, false, { before: [inlineEnums] });
const all = [...diagnostics, ...emitted.diagnostics];
report(all);
process.exitCode = all.some((d) => d.category === ts.DiagnosticCategory.Error) ? 1 : 0;
