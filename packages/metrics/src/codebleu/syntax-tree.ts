// A plain JavaScript copy of a tree-sitter parse tree, read once with a TreeCursor so that the
// syntax and data-flow matches walk ordinary objects instead of crossing into WebAssembly per
// property. It holds what py-tree-sitter shows the reference: every node that `Node.children`
// lists (named and anonymous), its type (aliases applied), the field it fills in its parent, its
// span where needed, and whether it is MISSING.
import type { Language, Parser, TreeCursor } from 'web-tree-sitter';

export interface SyntaxNode {
  readonly type: string;
  readonly named: boolean;
  readonly missing: boolean;
  /**
   * The field this node fills in its parent (fields of hidden nodes pass to their visible
   * children, as in tree-sitter). Read for named nodes, and for anonymous ones only in trees with
   * errors (see readNode); null otherwise.
   */
  readonly field: string | null;
  readonly children: SyntaxNode[];
  /**
   * Span in UTF-16 code units of the parsed text, read only where the data-flow match needs it:
   * for nodes without children and for string literals (TOKEN_TYPES); -1 elsewhere.
   */
  readonly startIndex: number;
  readonly endIndex: number;
  /** For an ERROR leaf that covers text, tree-sitter's own S-expression `(UNEXPECTED ...)`. */
  readonly unexpected: string | null;
}

export interface SyntaxTree {
  readonly root: SyntaxNode;
  readonly text: string;
  /** Nodes on the longest root-to-leaf path (1 for a lone root). */
  readonly depth: number;
}

/** Node types that the reference treats as single tokens although they have children. */
export const TOKEN_TYPES: ReadonlySet<string> = new Set(['string_literal', 'string', 'character_literal']);

interface LanguageTables {
  readonly types: string[];
  readonly named: boolean[];
  readonly fields: (string | null)[];
}

const tablesByLanguage = new WeakMap<Language, LanguageTables>();

function tablesOf(language: Language): LanguageTables {
  let tables = tablesByLanguage.get(language);
  if (!tables) {
    tables = { types: [], named: [], fields: [...language.fields] };
    tablesByLanguage.set(language, tables);
  }
  return tables;
}

/** Fills the type name and named flag of a type id into the tables on first sight. */
function learnType(tables: LanguageTables, language: Language, id: number): void {
  if (tables.types[id] !== undefined) return;
  tables.types[id] = language.nodeTypeForId(id) ?? 'ERROR';
  tables.named[id] = language.nodeTypeIsNamed(id);
}

interface MutableNode {
  type: string;
  named: boolean;
  missing: boolean;
  field: string | null;
  children: MutableNode[];
  startIndex: number;
  endIndex: number;
  unexpected: string | null;
}

/**
 * Reads the node under the cursor. The field of an anonymous node is read only in trees with
 * errors: S-expressions print no anonymous node (except MISSING ones), and no field the data-flow
 * walkers look up (left, right, name, value, body of the nodes they handle) holds an anonymous
 * node in these grammars (checked against their node-types.json), so elsewhere it is never used.
 */
function readNode(cursor: TreeCursor, tables: LanguageTables, language: Language, withErrors: boolean): MutableNode {
  const typeId = cursor.nodeTypeId;
  learnType(tables, language, typeId);
  const type = tables.types[typeId]!;
  const named = tables.named[typeId]!;
  const fieldId = named || withErrors ? cursor.currentFieldId : 0;
  const token = TOKEN_TYPES.has(type);
  return {
    type,
    named,
    missing: false,
    field: fieldId === 0 ? null : (tables.fields[fieldId] ?? null),
    children: [],
    startIndex: token ? cursor.startIndex : -1,
    endIndex: token ? cursor.endIndex : -1,
    unexpected: null,
  };
}

/** Parses `text` and copies the tree. The parser must already have its language set. */
export function parseSyntaxTree(parser: Parser, language: Language, text: string): SyntaxTree {
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree (is the language set?)');
  const tables = tablesOf(language);
  const withErrors = tree.rootNode.hasError;
  const cursor = tree.walk();
  try {
    const root = readNode(cursor, tables, language, withErrors);
    const stack: MutableNode[] = [root];
    let depth = 1;
    // Depth-first with the cursor; `stack` holds the copies of the cursor's ancestors.
    for (;;) {
      const current = stack[stack.length - 1]!;
      if (cursor.gotoFirstChild()) {
        const child = readNode(cursor, tables, language, withErrors);
        current.children.push(child);
        stack.push(child);
        if (stack.length > depth) depth = stack.length;
        continue;
      }
      // A leaf: its span, and flags that only matter in trees with errors.
      if (current.startIndex < 0) {
        current.startIndex = cursor.startIndex;
        current.endIndex = cursor.endIndex;
      }
      if (withErrors) {
        current.missing = cursor.nodeIsMissing;
        if (current.type === 'ERROR' && current.endIndex > current.startIndex) current.unexpected = cursor.currentNode.toString();
      }
      for (;;) {
        if (stack.length === 1) return { root, text, depth };
        stack.pop();
        if (cursor.gotoNextSibling()) {
          const sibling = readNode(cursor, tables, language, withErrors);
          stack[stack.length - 1]!.children.push(sibling);
          stack.push(sibling);
          break;
        }
        cursor.gotoParent();
      }
    }
  } finally {
    cursor.delete();
    tree.delete();
  }
}
