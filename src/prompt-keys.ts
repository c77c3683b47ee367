/**
 * Line-editing keys for prompts' text input. prompts 2 inserts any key it has no action for,
 * control characters included, so Ctrl-U (erase the line, as in every shell) used to put an
 * invisible U+0015 into the answer. Here Ctrl-U erases everything before the cursor, Ctrl-W the
 * word before it, and no other control character is ever inserted.
 */
import TextPrompt from 'prompts/lib/elements/text.js';

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;
const insert = TextPrompt.prototype._;

TextPrompt.prototype._ = function (this: TextPrompt, typed: string, key: { ctrl?: boolean; name?: string } | undefined) {
  if (key?.ctrl && (key.name === 'u' || key.name === 'w')) {
    const before = this.value.slice(0, this.cursor);
    const kept = key.name === 'u' ? '' : before.replace(/\S+\s*$/, '');
    eraseBefore(this, before.length - kept.length);
    return;
  }
  const text = (typed ?? '').replace(CONTROL_CHARACTERS, '');
  if (text) insert.call(this, text, key);
  else this.bell();
};

function eraseBefore(prompt: TextPrompt, count: number): void {
  if (prompt.placeholder || count === 0) return prompt.bell();
  const after = prompt.value.slice(prompt.cursor);
  prompt.value = prompt.value.slice(0, prompt.cursor - count) + after;
  prompt.cursor -= count;
  // cursorOffset is the cursor's distance from the end of the text (0 or negative).
  prompt.cursorOffset = prompt.value === '' ? 0 : -after.length;
  if (prompt.value === '') prompt.cursor = Number(Boolean(prompt.initial)); // as prompts' own reset()
  prompt.red = false;
  prompt.render();
}
