import { EmbeddedActionsParser, type IToken } from "chevrotain";
import { allTokens, Between, ContentText, HeaderEnd, HeaderPart, ImEnd, ImStart } from "./tokens.js";

/** The tokens of one `<|im_start|>`…`<|im_end|>` message, as the parser found them. */
export interface RawMessage {
  readonly start: IToken;
  /** The last token of the header text, if the header has any text. */
  readonly headerLast: IToken | undefined;
  /** `\n` or `<|im_sep|>` that ended the header, if any. */
  readonly headerEnd: IToken | undefined;
  readonly content: IToken | undefined;
  /** The `<|im_end|>` that closed the message, if any. */
  readonly end: IToken | undefined;
}

/** A message's body: how its header ended, its content, its `<|im_end|>`. */
interface RawBody {
  headerEnd: IToken | undefined;
  content: IToken | undefined;
  end: IToken | undefined;
}

/** What lies between messages: text, or a stray `<|im_end|>` / `<|im_sep|>`. */
export type RawItem = RawMessage | IToken;

/*
 * The grammar is total: every token sequence the lexer can produce parses.
 * Broken transcripts are diagnosed afterwards from the shape of what was
 * found (see build-document.ts), so recovery never guesses and never drops
 * a token. Rule names match grammar/chatml.ebnf. Alternatives are token
 * categories where possible: one CONSUME is much cheaper than an OR.
 */
export class ChatMLParser extends EmbeddedActionsParser {
  constructor() {
    super(allTokens as never, { recoveryEnabled: false, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  public transcript = this.RULE("transcript", (): RawItem[] => {
    const items: RawItem[] = [];
    this.MANY(() => {
      items.push(this.OR(this.itemAlternatives));
    });
    return items;
  });

  // Alternatives are built once: a fresh array per call costs measurably on 20k messages.
  private readonly itemAlternatives: { ALT: () => RawItem }[] = [
    { ALT: () => this.SUBRULE(this.message) },
    { ALT: () => this.CONSUME(Between) },
  ];

  private message = this.RULE("message", (): RawMessage => {
    const start = this.CONSUME(ImStart);
    let headerLast: IToken | undefined;
    this.MANY(() => {
      headerLast = this.CONSUME(HeaderPart);
    });
    const body = this.OPTION(() => this.SUBRULE(this.body));
    return {
      start,
      headerLast,
      headerEnd: body?.headerEnd,
      content: body?.content,
      end: body?.end,
    };
  });

  private body = this.RULE("body", (): RawBody => {
    return this.OR(this.bodyAlternatives);
  });

  private readonly bodyAlternatives: { ALT: () => RawBody }[] = [
    { ALT: () => ({ headerEnd: undefined, content: undefined, end: this.CONSUME(ImEnd) }) },
    {
      ALT: () => ({
        headerEnd: this.CONSUME(HeaderEnd),
        content: this.OPTION(() => this.CONSUME(ContentText)),
        end: this.OPTION2(() => this.CONSUME2(ImEnd)),
      }),
    },
  ];
}

/** Type guard: is this item a message (rather than a token between messages)? */
export function isRawMessage(item: RawItem): item is RawMessage {
  return "headerLast" in item;
}
