import { describe, expect, it } from 'vitest';
import { toChatMessages } from '../../web/features/traces/hooks/to-chat-messages.ts';

describe('chat rendering of payloads', () => {
  it.each([
    ['OpenAI messages', [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'Hi' }], [['system', 'Be terse.'], ['user', 'Hi']]],
    ['GenAI parts', [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }], [['user', 'Hi']]],
    ['content blocks', [{ role: 'user', content: [{ type: 'text', text: 'Hi' }, { type: 'text', text: 'there' }] }], [['user', 'Hi\nthere']]],
    ['one message', { role: 'assistant', content: 'Hello!' }, [['assistant', 'Hello!']]],
    ['choices', { choices: [{ message: { role: 'assistant', content: '4' } }] }, [['assistant', '4']]],
    ['a messages field', { messages: [{ role: 'user', content: 'Hi' }], temperature: 0 }, [['user', 'Hi']]],
  ])('reads %s', (_shape, payload, expected) => {
    expect(toChatMessages(payload)?.map((message) => [message.role, message.text])).toEqual(expected);
  });

  it('keeps tool calls beside the text', () => {
    const [message] = toChatMessages([{ role: 'assistant', content: null, tool_calls: [{ id: 'c1', function: { name: 'lookup' } }] }]) ?? [];
    expect(message?.text).toBe('');
    expect(message?.extra).toContain('"lookup"');
  });

  it.each([['text', 'Hello'], ['an object', { orderId: 1 }], ['a mixed list', [{ role: 'user', content: 'Hi' }, 42]], ['an empty list', []]])(
    'leaves %s as raw JSON',
    (_shape, payload) => {
      expect(toChatMessages(payload)).toBeNull();
    },
  );
});
