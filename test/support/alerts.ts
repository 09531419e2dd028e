import { FORMATTER_NAME, FORMATTER_SETTINGS_VARIABLE, FormattedAlert } from '../../modules/functions/alert-format';
import { formatInput } from '../../modules/functions/alert-formatter-handler';
import type { SynthesizedStack as Stack } from '../../scripts/lib/stacks';
import { resourcesOfType } from './fixtures';

/**
 * What a person receives when `event` reaches the home region's `target`: EventBridge's input
 * template filled with the whole event, as EventBridge fills `<aws.events.event.json>`, then the
 * stack's own alert formatter with the settings synthesized for it.
 */
export function alertDelivered(stack: Stack, target: Record<string, any>, event: unknown): FormattedAlert {
  const request = JSON.parse(target.input_transformer.input_template.replace('<aws.events.event.json>', JSON.stringify(event)));
  const formatter = resourcesOfType(stack, 'aws_lambda_function').find((candidate) => candidate.function_name === FORMATTER_NAME);
  if (!formatter) throw new Error(`the stack has no ${FORMATTER_NAME}`);
  const [alert, ...more] = formatInput(request, JSON.parse(formatter.environment.variables[FORMATTER_SETTINGS_VARIABLE]));
  if (more.length > 0) throw new Error('one event became several alerts');
  return alert;
}
