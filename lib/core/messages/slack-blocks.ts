// Slack Block Kit shapes and Slack's published limits, and the check that a message keeps them: a
// message Slack rejects (400 invalid_blocks) is an alert lost.

export interface PlainTextObject {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface MrkdwnObject {
  type: 'mrkdwn';
  text: string;
}
export type TextObject = PlainTextObject | MrkdwnObject;

export interface HeaderBlock {
  type: 'header';
  text: PlainTextObject;
}
export interface SectionBlock {
  type: 'section';
  text?: TextObject;
  fields?: TextObject[];
}
export interface ContextBlock {
  type: 'context';
  elements: TextObject[];
}
export interface DividerBlock {
  type: 'divider';
}
export type SlackBlock = HeaderBlock | SectionBlock | ContextBlock | DividerBlock;

export interface SlackMessage {
  /** Shown in notifications and by clients that cannot show blocks. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's published Block Kit and message limits. */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  text: 40_000,
} as const;

function textOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const text = (value as { text?: unknown }).text;
  return typeof text === 'string' ? text : null;
}

function sectionViolations(block: SectionBlock, where: string): string[] {
  const problems: string[] = [];
  const text = block.text === undefined ? null : textOf(block.text);
  const fields = Array.isArray(block.fields) ? block.fields : [];
  if ((text === null || text === '') && fields.length === 0) problems.push(`${where}: needs text or fields`);
  if (text !== null && text.length > SLACK_LIMITS.sectionText) {
    problems.push(`${where}.text: ${text.length} characters (max ${SLACK_LIMITS.sectionText})`);
  }
  if (fields.length > SLACK_LIMITS.fields) {
    problems.push(`${where}.fields: ${fields.length} fields (max ${SLACK_LIMITS.fields})`);
  }
  fields.forEach((field, i) => {
    const fieldText = textOf(field) ?? '';
    if (fieldText === '') problems.push(`${where}.fields[${i}]: empty`);
    if (fieldText.length > SLACK_LIMITS.fieldText) {
      problems.push(`${where}.fields[${i}]: ${fieldText.length} characters (max ${SLACK_LIMITS.fieldText})`);
    }
  });
  return problems;
}

function blockViolations(block: SlackBlock, where: string): string[] {
  switch (block.type) {
    case 'header': {
      const text = textOf(block.text) ?? '';
      const problems: string[] = [];
      if (block.text?.type !== 'plain_text') problems.push(`${where}.text: must be plain_text`);
      if (text === '') problems.push(`${where}.text: empty`);
      if (text.length > SLACK_LIMITS.headerText) {
        problems.push(`${where}.text: ${text.length} characters (max ${SLACK_LIMITS.headerText})`);
      }
      return problems;
    }
    case 'section':
      return sectionViolations(block, where);
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      const problems: string[] = [];
      if (elements.length === 0) problems.push(`${where}.elements: empty`);
      if (elements.length > SLACK_LIMITS.contextElements) {
        problems.push(`${where}.elements: ${elements.length} (max ${SLACK_LIMITS.contextElements})`);
      }
      elements.forEach((element, i) => {
        const text = textOf(element) ?? '';
        if (text.length > SLACK_LIMITS.contextText) {
          problems.push(
            `${where}.elements[${i}]: ${text.length} characters (max ${SLACK_LIMITS.contextText})`,
          );
        }
      });
      return problems;
    }
    case 'divider':
      return [];
    default:
      return [`${where}: unknown block type`];
  }
}

/** Every way a message breaks Slack's limits, one sentence each; empty when Slack would accept it. */
export function slackMessageLimits(message: SlackMessage): string[] {
  const problems: string[] = [];
  const blocks = Array.isArray(message.blocks) ? message.blocks : [];
  if (typeof message.text !== 'string' || message.text === '') {
    if (blocks.length === 0) problems.push('message: needs text or blocks');
  } else if (message.text.length > SLACK_LIMITS.text) {
    problems.push(`text: ${message.text.length} characters (max ${SLACK_LIMITS.text})`);
  }
  if (blocks.length > SLACK_LIMITS.blocks) {
    problems.push(`blocks: ${blocks.length} blocks (max ${SLACK_LIMITS.blocks})`);
  }
  blocks.forEach((block, i) => {
    problems.push(...blockViolations(block, `blocks[${i}]`));
  });
  return problems;
}
