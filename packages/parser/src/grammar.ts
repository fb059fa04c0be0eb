import { EmbeddedActionsParser, type IToken } from "chevrotain";
import { allTokens, Between, ContentText, HeaderEnd, HeaderPart, ImEnd, ImStart } from "./tokens.js";

/**
 * Receives what the parser finds, in source order. The parser allocates
 * nothing per message itself: on a 10 MB transcript, every object that
 * survives the lexer-to-document pass costs garbage-collector time.
 */
export interface TranscriptSink {
  /**
   * One `<|im_start|>` and what followed it: the last header token (if the
   * header has text), the `\n` / `<|im_sep|>` that ended the header, the
   * content, and the closing `<|im_end|>`, each if present.
   */
  message(
    start: IToken,
    headerLast: IToken | undefined,
    headerEnd: IToken | undefined,
    content: IToken | undefined,
    end: IToken | undefined,
  ): void;
  /** Text, or a stray `<|im_end|>` / `<|im_sep|>`, between messages. */
  between(token: IToken): void;
}

/*
 * The grammar is total: every token sequence the lexer can produce parses.
 * Broken transcripts are diagnosed from the shape of what was found (see
 * build-document.ts), so recovery never guesses and never drops a token.
 * Rule names match grammar/chatml.ebnf. Alternatives are token categories
 * where possible (one CONSUME is much cheaper than an OR), and alternative
 * arrays are built once, not per call.
 */
export class ChatMLParser extends EmbeddedActionsParser {
  /** Where results go; set before each parse. */
  sink: TranscriptSink | undefined;
  // The body of the message being parsed.
  private headerEnd: IToken | undefined;
  private content: IToken | undefined;
  private end: IToken | undefined;

  constructor() {
    super(allTokens as never, { recoveryEnabled: false, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  public transcript = this.RULE("transcript", (): void => {
    this.MANY(() => this.OR(this.itemAlternatives));
  });

  private readonly itemAlternatives = [
    { ALT: () => this.SUBRULE(this.message) },
    {
      ALT: () => {
        const token = this.CONSUME(Between);
        this.ACTION(() => this.sink?.between(token));
      },
    },
  ];

  private message = this.RULE("message", (): void => {
    const start = this.CONSUME(ImStart);
    let headerLast: IToken | undefined;
    this.MANY(() => {
      headerLast = this.CONSUME(HeaderPart);
    });
    this.headerEnd = undefined;
    this.content = undefined;
    this.end = undefined;
    this.OPTION(() => this.SUBRULE(this.body));
    this.ACTION(() => this.sink?.message(start, headerLast, this.headerEnd, this.content, this.end));
  });

  private body = this.RULE("body", (): void => {
    this.OR(this.bodyAlternatives);
  });

  private readonly bodyAlternatives = [
    {
      ALT: () => {
        this.end = this.CONSUME(ImEnd);
      },
    },
    {
      ALT: () => {
        this.headerEnd = this.CONSUME(HeaderEnd);
        this.OPTION(this.takeContent);
        this.OPTION2(this.takeEnd);
      },
    },
  ];

  private readonly takeContent = () => {
    this.content = this.CONSUME(ContentText);
  };

  private readonly takeEnd = () => {
    this.end = this.CONSUME2(ImEnd);
  };
}
