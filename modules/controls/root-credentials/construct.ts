import { Construct } from 'constructs';
import type { AlertsHub } from '../../core/alerts-hub';
import type { RegionalProviders } from '../../core/regional-providers';
import { rootActivityPattern } from '../../policies/events';
import type { ConfigRecorder } from '../config-recorder';
import { ManagedConfigRules } from '../config-rules';

/** The root-activity alerts and the Config rules for root keys and root MFA. */
export interface RootCredentialsProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /** The alerts hub that turns this control's events into e-mails. */
  readonly alerts: AlertsHub;
  /** The AWS Config recorder; the rules are created once it records. */
  readonly recorder: ConfigRecorder;
}

/**
 * Watches the root user of one account: an alert for any root sign-in or API call in any enabled
 * region (IAM and sign-in events arrive in us-east-1 and are forwarded to the home region), and
 * Config rules that flag a root access key or a root user without MFA. Preventing root use takes
 * an SCP, which only an organisation has: see CentralRootAccess.
 */
export class RootCredentials extends Construct {
  constructor(scope: Construct, id: string, props: RootCredentialsProps) {
    super(scope, id);
    props.alerts.route(this, 'root-activity', {
      description: 'Alerts on any sign-in or API call by the root user, read-only calls included',
      pattern: rootActivityPattern(),
      alert: { alert: 'root-activity' },
      // A leaked root key is tested with read-only calls (GetCallerIdentity, Describe*) first.
      readOnlyEvents: true,
    });
    new ManagedConfigRules(this, 'config-rules', {
      regions: props.regions,
      recorder: props.recorder,
      alerts: props.alerts,
      alertName: 'root-credentials-non-compliant',
      rules: [
        {
          id: 'root-access-key',
          identifier: 'IAM_ROOT_ACCESS_KEY_CHECK',
          description: 'NON_COMPLIANT when the root user has an access key (CIS 1.4)',
        },
        {
          id: 'root-mfa',
          identifier: 'ROOT_ACCOUNT_MFA_ENABLED',
          description: 'NON_COMPLIANT when the root user has no MFA device (CIS 1.5)',
        },
      ],
    });
  }
}
