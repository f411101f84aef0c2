/*
 * Why two JavaScript pairs of fixtures/codebleu-reference.json have a different syntax-match
 * score under web-tree-sitter: this program parses the same code with tree-sitter's C library
 * twice, once as UTF-8 (what py-tree-sitter, and so the reference, feeds the parser) and once as
 * UTF-16LE (what web-tree-sitter always feeds it), and prints the syntax match of a hypothesis
 * against a reference under each encoding (the reference's subtrees, as S-expressions, found in
 * the hypothesis).
 *
 * tree-sitter's error recovery weighs skipped text by its length in bytes, so in code with syntax
 * errors the recovered trees can depend on the encoding. For pairs 52 and 58 (after the
 * reference's comment removal) UTF-8 gives exactly the reference's scores (0.99979247730220 and
 * 0.91304347826087) and UTF-16 exactly what web-tree-sitter 0.25.10 gives (0.99647211413748 and
 * 0.88405797101449); the other 87 JavaScript pairs score the same either way. web-tree-sitter
 * 0.27.2, which @neurite/metrics loads, gives 0.99844357976654 and 0.88405797101449 (its
 * recovery differs once more in pair 52).
 *
 * Build, with the C library from the `tree-sitter` npm package 0.25.0 (vendor/tree-sitter/lib)
 * and the grammar sources from `tree-sitter-javascript` 0.25.0 (src/):
 *   cc -O2 -o syntax-match-by-encoding syntax-match-by-encoding.c LIB/src/lib.c \
 *      GRAMMAR/src/parser.c GRAMMAR/src/scanner.c -ILIB/include -ILIB/src -IGRAMMAR/src
 * Run: ./syntax-match-by-encoding reference.js hypothesis.js
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_javascript(void);

typedef struct { char **items; size_t count, capacity; } Strings;

static void push(Strings *list, char *s) {
  if (list->count == list->capacity) {
    list->capacity = list->capacity ? list->capacity * 2 : 256;
    list->items = realloc(list->items, list->capacity * sizeof(char *));
  }
  list->items[list->count++] = s;
}

/* Every node with children, as its S-expression (the reference's subtree list). */
static void collect(TSNode node, Strings *out) {
  push(out, ts_node_string(node));
  uint32_t n = ts_node_child_count(node);
  for (uint32_t i = 0; i < n; i++) {
    TSNode child = ts_node_child(node, i);
    if (ts_node_child_count(child) > 0) collect(child, out);
  }
}

static char *read_file(const char *path, long *size) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(2); }
  fseek(f, 0, SEEK_END);
  *size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc(*size + 1);
  if (fread(text, 1, *size, f) != (size_t)*size) { perror(path); exit(2); }
  fclose(f);
  return text;
}

/* UTF-8 to UTF-16LE code units (the input is valid UTF-8). */
static uint16_t *to_utf16(const char *text, long size, long *units) {
  uint16_t *out = malloc(size * 2 * sizeof(uint16_t));
  long k = 0;
  for (long i = 0; i < size;) {
    unsigned char c = (unsigned char)text[i];
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int j = 1; j < len; j++) cp = (cp << 6) | ((unsigned char)text[i + j] & 0x3F);
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out[k++] = (uint16_t)(0xD800 | (cp >> 10));
      out[k++] = (uint16_t)(0xDC00 | (cp & 0x3FF));
    } else {
      out[k++] = (uint16_t)cp;
    }
  }
  *units = k;
  return out;
}

static Strings subtrees(TSParser *parser, const char *path, int utf16) {
  long size, units;
  char *text = read_file(path, &size);
  TSTree *tree;
  if (utf16) {
    uint16_t *wide = to_utf16(text, size, &units);
    tree = ts_parser_parse_string_encoding(parser, NULL, (const char *)wide, (uint32_t)(units * 2), TSInputEncodingUTF16LE);
    free(wide);
  } else {
    tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)size);
  }
  Strings out = {0};
  collect(ts_tree_root_node(tree), &out);
  ts_tree_delete(tree);
  free(text);
  return out;
}

static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s reference-file hypothesis-file\n", argv[0]); return 2; }
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, tree_sitter_javascript());
  for (int utf16 = 0; utf16 <= 1; utf16++) {
    Strings reference = subtrees(parser, argv[1], utf16), hypothesis = subtrees(parser, argv[2], utf16);
    qsort(hypothesis.items, hypothesis.count, sizeof(char *), compare);
    size_t matched = 0;
    for (size_t i = 0; i < reference.count; i++)
      if (bsearch(&reference.items[i], hypothesis.items, hypothesis.count, sizeof(char *), compare)) matched++;
    printf("%s: %zu of %zu subtrees, syntax match %.14f\n", utf16 ? "UTF-16LE" : "UTF-8", matched, reference.count, (double)matched / (double)reference.count);
  }
  ts_parser_delete(parser);
  return 0;
}
