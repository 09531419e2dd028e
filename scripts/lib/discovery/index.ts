/**
 * Discovery: for the resources a synthesized stack declares and its state does not hold, what AWS
 * already has, by Terraform resource type. `npm run recover` uses it to adopt what an interrupted
 * deploy created, `npm run adopt` to adopt what an owner had before the baseline came.
 */
import type { TerraformJson } from '../stacks';
import { AwsReadError, AwsReader } from './aws-reader';
import { Finder, Finding } from './finding';
import * as accountSettings from './finders/account-settings';
import * as alerting from './finders/alerting';
import * as core from './finders/core';
import * as detection from './finders/detection';
import * as organization from './finders/organization';
import { DeclaredResource, Unresolved, declaredResources, resolveReferences } from './stack-model';

export type { AwsReader, AwsTarget } from './aws-reader';
export { ALLOWED_READS, AwsReadError, SdkReader, isAllowedRead } from './aws-reader';
export type { Change, Conflict, Finding, Origin, Present } from './finding';
export type { DeclaredResource } from './stack-model';

/** One finder per resource type that can already exist in AWS. */
export const FINDERS: ReadonlyMap<string, Finder> = new Map(
  [core, detection, alerting, accountSettings, organization].flatMap((group) => Object.values(group)).map((finder) => [finder.type, finder] as const),
);

/**
 * Types discovery does not look for, and why: settings of the stack's own resources, which every
 * deploy writes whole whether or not they are there, so neither an interrupted deploy nor an
 * existing value can make the next deploy fail or duplicate them.
 */
export const WRITTEN_IN_PLACE: Readonly<Record<string, string>> = {
  aws_cloudwatch_event_target: "a target of the baseline's rule: writing it again replaces it (PutTargets)",
  aws_cloudwatch_log_metric_filter: "a metric filter of the baseline's log group: writing it again replaces it (PutMetricFilter)",
  aws_cloudwatch_log_resource_policy: 'a logs resource policy of the baseline\'s name: writing it again replaces it (PutResourcePolicy)',
  aws_guardduty_detector_feature: "a protection plan of the detector (the detector's entry says what changes)",
  aws_guardduty_organization_configuration: "the administrator's settings for the organisation's members: written again on every deploy",
  aws_guardduty_organization_configuration_feature: "the administrator's settings for the organisation's members: written again on every deploy",
  aws_iam_group_policy_attachment: 'attaching a policy twice is harmless',
  aws_iam_role_policy_attachment: 'attaching a policy twice is harmless',
  aws_iam_user_group_membership: 'adding a user to a group twice is harmless',
  aws_lambda_function_event_invoke_config: "a setting of the baseline's function: written again on every deploy",
  aws_s3_bucket_lifecycle_configuration: "a setting of the baseline's bucket: written again on every deploy",
  aws_s3_bucket_logging: "a setting of the baseline's bucket: written again on every deploy",
  aws_s3_bucket_object_lock_configuration: "a setting of the baseline's bucket: written again on every deploy",
  aws_s3_bucket_ownership_controls: "a setting of the baseline's bucket: written again on every deploy",
  aws_s3_bucket_public_access_block: "a setting of the baseline's bucket: written again on every deploy",
  aws_s3_bucket_server_side_encryption_configuration: "a setting of the baseline's bucket: written again on every deploy",
  aws_s3_bucket_versioning: "a setting of the baseline's bucket: written again on every deploy",
  aws_sns_topic_subscription: 'subscribing the same address again gives back the same subscription',
  aws_sqs_queue_policy: "the policy of the baseline's queue: written again on every deploy",
};

export type Discovered =
  /** Not looked for: the deploy writes it whole (WRITTEN_IN_PLACE says why). */
  | { readonly resource: DeclaredResource; readonly status: 'written-in-place'; readonly reason: string }
  /** The configuration itself imports it (organization.organizationId, budget.servicesMonitorArn). */
  | { readonly resource: DeclaredResource; readonly status: 'configured'; readonly importId: string; readonly finding: Finding }
  | { readonly resource: DeclaredResource; readonly status: 'looked-for'; readonly finding: Finding };

export interface StackDiscoveryOptions {
  readonly stack: string;
  readonly json: TerraformJson;
  /** The stack's state: address -> attribute values. */
  readonly state: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  readonly aws: AwsReader;
  /**
   * The resources to report on. Others are looked for only when a chosen one refers to them.
   * @default every resource the state does not hold
   */
  readonly select?: (resource: DeclaredResource) => boolean;
}

/** What AWS has of each chosen resource, in the stack's declaration order. */
export async function discoverStack(options: StackDiscoveryOptions): Promise<Discovered[]> {
  const resources = declaredResources(options.json);
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const imports = new Map((options.json.import ?? []).map((entry) => [entry.to, entry.id]));
  const findings = new Map<string, Promise<Finding>>();
  const settled = new Map<string, Finding>();

  const known = (address: string): Readonly<Record<string, unknown>> | undefined => {
    const inState = options.state.get(address);
    if (inState) return inState;
    const found = settled.get(address);
    return found?.kind === 'present' ? found.attributes : undefined;
  };

  const look = (resource: DeclaredResource): Promise<Finding> => {
    let pending = findings.get(resource.address);
    if (!pending) {
      pending = (async (): Promise<Finding> => {
        // What it refers to first, so that its arguments resolve.
        await Promise.all(resource.references.filter((address) => !options.state.has(address) && byAddress.has(address)).map((address) => look(byAddress.get(address)!)));
        const finder = FINDERS.get(resource.type);
        if (!finder) return { kind: 'unknown', reason: WRITTEN_IN_PLACE[resource.type] ?? `discovery does not know ${resource.type}` };
        try {
          return await finder.find({
            resource,
            stackResources: resources,
            stack: options.stack,
            aws: options.aws,
            target: resource.provider,
            known,
            originOf: (address) => {
              if (options.state.has(address)) return 'state';
              const found = settled.get(address);
              return found?.kind === 'present' ? found.origin : undefined;
            },
            arg: <T>(name: string) => resolveReferences(resource.block[name], known) as T,
          });
        } catch (error) {
          if (error instanceof Unresolved) {
            const missing = error.address.split('.').slice(0, 2).join('.');
            return settled.get(missing)?.kind === 'absent'
              ? { kind: 'absent', note: `needs ${missing}, which does not exist yet` }
              : { kind: 'unknown', reason: `needs ${missing}, which could not be found` };
          }
          if (error instanceof AwsReadError) {
            if (error.notOffered) return { kind: 'absent', note: `not offered in ${resource.provider.region}: ${error.message}` };
            if (/WrongAccount/.test(error.code)) throw error;
            return { kind: 'unknown', reason: error.message };
          }
          throw error;
        }
      })().then((finding) => {
        settled.set(resource.address, finding);
        return finding;
      });
      findings.set(resource.address, pending);
    }
    return pending;
  };

  const chosen = resources.filter((resource) => !options.state.has(resource.address) && (options.select ? options.select(resource) : true));
  return Promise.all(
    chosen.map(async (resource): Promise<Discovered> => {
      const configured = imports.get(resource.address);
      if (!FINDERS.has(resource.type) && WRITTEN_IN_PLACE[resource.type] && configured === undefined) {
        return { resource, status: 'written-in-place', reason: WRITTEN_IN_PLACE[resource.type] };
      }
      const finding = await look(resource);
      return configured !== undefined ? { resource, status: 'configured', importId: configured, finding } : { resource, status: 'looked-for', finding };
    }),
  );
}
