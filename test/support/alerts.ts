import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
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

/** Every message an SNS topic delivered to the SQS queue `queueUrl` since the last call, as { subject, message }; read and deleted. */
export async function topicMessages(sqs: SQSClient, queueUrl: string): Promise<Array<{ subject: string; message: string }>> {
  const messages: Array<{ subject: string; message: string }> = [];
  for (;;) {
    const batch = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!batch.Messages || batch.Messages.length === 0) return messages;
    for (const message of batch.Messages) {
      const envelope = JSON.parse(message.Body!);
      messages.push({ subject: envelope.Subject, message: envelope.Message });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
}

/**
 * The alert topic on the local AWS API, and an SQS queue subscribed to it so that a test can read
 * what the topic delivered (with `topicMessages`).
 */
export async function alertTopicWithReader(sns: SNSClient, sqs: SQSClient): Promise<{ topicArn: string; queueUrl: string }> {
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'account-baseline-alerts' }))).TopicArn!;
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'alert-reader' }))).QueueUrl!;
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn }));
  return { topicArn, queueUrl };
}
