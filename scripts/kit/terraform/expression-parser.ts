import { ExpressionError } from '../errors.js';

/**
 * The part of Terraform's expression language cdktf emits: string templates with `${...}`,
 * references (`aws_sqs_queue.dlq.arn`, `data.aws_caller_identity.caller.account_id`, `x[0]`),
 * function calls (`jsonencode({...})`), objects (`{"k" = v}`), tuples, strings, numbers, booleans.
 */
export type Expr =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'template'; readonly parts: readonly (string | Expr)[] }
  | { readonly kind: 'ref'; readonly path: readonly (string | number)[] }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [Expr, Expr])[] }
  | { readonly kind: 'tuple'; readonly items: readonly Expr[] };

/** True when a JSON string value holds at least one interpolation (`$${` is an escaped literal). */
export function hasInterpolation(text: string): boolean {
  return /(^|[^$])\$\{/.test(text);
}

/** Parses a string value of the Terraform JSON as a template. */
export function parseTemplate(text: string): Expr {
  const parser = new Parser(text);
  const parts = parser.templateParts(undefined);
  if (parts.length === 1 && typeof parts[0] !== 'string' && parts[0] !== undefined) return parts[0];
  return { kind: 'template', parts };
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  /** Reads template text until `terminator` (a closing quote) or the end. */
  templateParts(terminator: '"' | undefined): (string | Expr)[] {
    const parts: (string | Expr)[] = [];
    let text = '';
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos]!;
      if (terminator && ch === terminator) break;
      if (ch === '$' && this.src[this.pos + 1] === '$' && this.src[this.pos + 2] === '{') {
        text += '${';
        this.pos += 3;
        continue;
      }
      if (ch === '$' && this.src[this.pos + 1] === '{') {
        if (text) parts.push(text);
        text = '';
        this.pos += 2;
        this.space();
        parts.push(this.expression());
        this.space();
        this.expect('}');
        continue;
      }
      if (terminator && ch === '\\') {
        text += this.escape();
        continue;
      }
      text += ch;
      this.pos++;
    }
    if (text || parts.length === 0) parts.push(text);
    return parts;
  }

  expression(): Expr {
    this.space();
    const ch = this.peek();
    let expr: Expr;
    if (ch === '"') expr = this.string();
    else if (ch === '{') expr = this.object();
    else if (ch === '[') expr = this.tuple();
    else if (ch === '(') {
      this.pos++;
      expr = this.expression();
      this.space();
      this.expect(')');
    } else if (ch !== undefined && /[-0-9]/.test(ch)) expr = this.number();
    else if (ch !== undefined && /[A-Za-z_]/.test(ch)) expr = this.identifierExpression();
    else this.fail(`unexpected ${ch === undefined ? 'end' : JSON.stringify(ch)}`);
    return this.postfix(expr);
  }

  private postfix(expr: Expr): Expr {
    for (;;) {
      const ch = this.peek();
      if (ch === '.' && expr.kind === 'ref') {
        this.pos++;
        expr = { kind: 'ref', path: [...expr.path, this.identifier()] };
      } else if (ch === '[' && expr.kind === 'ref') {
        this.pos++;
        this.space();
        const index = this.expression();
        this.space();
        this.expect(']');
        if (index.kind !== 'literal' || (typeof index.value !== 'number' && typeof index.value !== 'string')) {
          this.fail('only literal indexes are supported');
        }
        expr = { kind: 'ref', path: [...expr.path, index.value] };
      } else return expr;
    }
  }

  private identifierExpression(): Expr {
    const name = this.identifier();
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
    if (name === 'null') return { kind: 'literal', value: null };
    this.space();
    if (this.peek() === '(') return { kind: 'call', name, args: this.delimited('(', ')', () => this.expression()) };
    return { kind: 'ref', path: [name] };
  }

  private object(): Expr {
    const entries = this.delimited('{', '}', (): readonly [Expr, Expr] => {
      const key = this.peek() === '"' ? this.string() : { kind: 'literal' as const, value: this.identifier() };
      this.space();
      const sep = this.peek();
      if (sep !== '=' && sep !== ':') this.fail('expected = or : in an object');
      this.pos++;
      return [key, this.expression()];
    });
    return { kind: 'object', entries };
  }

  private tuple(): Expr {
    return { kind: 'tuple', items: this.delimited('[', ']', () => this.expression()) };
  }

  /** `open item, item, ... close`, commas optional (as in HCL objects), a trailing one allowed. */
  private delimited<T>(open: string, close: string, item: () => T): T[] {
    this.expect(open);
    const items: T[] = [];
    this.space();
    while (this.peek() !== close) {
      items.push(item());
      this.space();
      if (this.peek() === ',') this.pos++;
      this.space();
    }
    this.expect(close);
    return items;
  }

  private string(): Expr {
    this.expect('"');
    const parts = this.templateParts('"');
    this.expect('"');
    if (parts.length === 1 && typeof parts[0] === 'string') return { kind: 'literal', value: parts[0] };
    return { kind: 'template', parts };
  }

  private escape(): string {
    const next = this.src[this.pos + 1];
    this.pos += 2;
    switch (next) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'u': {
        const hex = this.src.slice(this.pos, this.pos + 4);
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        return `\\${next ?? ''}`;
    }
  }

  private number(): Expr {
    const match = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.src.slice(this.pos));
    if (!match) this.fail('bad number');
    this.pos += match[0].length;
    return { kind: 'literal', value: Number(match[0]) };
  }

  private identifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos));
    if (!match) this.fail('expected an identifier');
    this.pos += match[0].length;
    return match[0];
  }

  private space(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) this.fail(`expected ${JSON.stringify(ch)}`);
    this.pos++;
  }

  private fail(reason: string): never {
    throw new ExpressionError(this.src, `${reason} at offset ${this.pos}`);
  }
}
