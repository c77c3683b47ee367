/** The one internal module of prompts 2 we extend (src/prompt-keys.ts); @types/prompts does not cover it. */
declare module 'prompts/lib/elements/text.js' {
  export default class TextPrompt {
    value: string;
    cursor: number;
    cursorOffset: number;
    placeholder: boolean;
    initial: string;
    red: boolean;
    render(): void;
    bell(): void;
    _(typed: string, key: unknown): void;
  }
}
