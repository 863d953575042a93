export interface Position {
  /** 1-based line and column. */
  line: number;
  column: number;
  /** Offset in the whole stream of the located character, and of the start of its line. */
  offset: number;
  lineStart: number;
}

/**
 * Turns offsets into 1-based line and column while text streams past in windows.
 * Offsets must be visited in increasing order; newlines are counted once.
 */
export class LineCursor {
  private line = 1;
  /** Absolute offset (in the whole stream) where the current line starts. */
  private lineStart = 0;
  /** Absolute offset of the window's first character. */
  private base = 0;
  /** How far into the current window newlines have been counted. */
  private pos = 0;
  private text = '';

  /** Sets the window's text; offsets passed to `locate` are relative to it. */
  setText(text: string): void {
    this.text = text;
  }

  /** Drops the window's first `count` characters (after counting their newlines). */
  shift(count: number): void {
    this.advanceTo(count);
    this.base += count;
    this.pos -= count;
    this.text = this.text.slice(count);
  }

  locate(offset: number): Position {
    this.advanceTo(offset);
    return { line: this.line, column: this.base + offset - this.lineStart + 1, offset: this.base + offset, lineStart: this.lineStart };
  }

  advanceTo(offset: number): void {
    if (offset <= this.pos) return;
    for (let nl = this.text.indexOf('\n', this.pos); nl !== -1 && nl < offset; nl = this.text.indexOf('\n', nl + 1)) {
      this.line++;
      this.lineStart = this.base + nl + 1;
    }
    this.pos = offset;
  }
}
