import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { Region } from './regions';

/** The account the providers are locked to, and which regions get one. */
export interface RegionalProvidersProps {
  /** The account every provider is locked to (`allowed_account_ids`): a stack can never touch another account. */
  readonly accountId: string;
  /** The home region, where single-region resources and the alert topic live. */
  readonly homeRegion: Region;
  /** Regions the account has enabled; asking for any other region is an error. */
  readonly enabledRegions: readonly Region[];
  /**
   * Role to assume in the account.
   * @default - the caller's own credentials
   */
  readonly assumeRoleArn?: string;
  /**
   * Tags every resource gets through the provider's `default_tags`.
   * @default - no extra tags
   */
  readonly defaultTags?: Readonly<Record<string, string>>;
  /**
   * Put before the region name in each provider's alias, for a second account's providers in the
   * same stack (aliases must be unique within a stack).
   * @default - the alias is the region name
   */
  readonly aliasPrefix?: string;
}

/** Session name the baseline's providers use, so CloudTrail shows who made a change. */
export const BASELINE_SESSION_NAME = 'account-baseline';

/**
 * One AWS provider per region of one account, created on first use and aliased by the region
 * name. Controls ask this for a region's provider and never declare providers themselves.
 */
export class RegionalProviders extends Construct {
  readonly accountId: string;
  readonly homeRegion: Region;
  readonly enabledRegions: readonly Region[];
  private readonly props: RegionalProvidersProps;
  private readonly providers = new Map<Region, AwsProvider>();

  constructor(scope: Construct, id: string, props: RegionalProvidersProps) {
    super(scope, id);
    if (!props.enabledRegions.includes(props.homeRegion)) {
      throw new Error(`RegionalProviders: homeRegion "${props.homeRegion}" is not among enabledRegions (${props.enabledRegions.join(', ')})`);
    }
    this.props = props;
    this.accountId = props.accountId;
    this.homeRegion = props.homeRegion;
    this.enabledRegions = [...props.enabledRegions];
    this.provider(props.homeRegion);
  }

  /** The provider of the home region. */
  get home(): AwsProvider {
    return this.provider(this.homeRegion);
  }

  /** The provider for `region`, which must be enabled in the account. */
  provider(region: Region): AwsProvider {
    const existing = this.providers.get(region);
    if (existing) return existing;
    if (!this.enabledRegions.includes(region)) {
      throw new Error(
        `Region "${region}" is not enabled in account ${this.accountId}; enabled regions: ${this.enabledRegions.join(', ')}. ` +
          'Add opt-in regions to optInRegions in the configuration.',
      );
    }
    const { assumeRoleArn, defaultTags, aliasPrefix } = this.props;
    const provider = new AwsProvider(this, region, {
      alias: `${aliasPrefix ?? ''}${region}`,
      region,
      allowedAccountIds: [this.accountId],
      assumeRole: assumeRoleArn ? [{ roleArn: assumeRoleArn, sessionName: BASELINE_SESSION_NAME }] : undefined,
      defaultTags: defaultTags && Object.keys(defaultTags).length > 0 ? [{ tags: { ...defaultTags } }] : undefined,
    });
    this.providers.set(region, provider);
    return provider;
  }

  /** Calls `build` once for every enabled region, in catalogue order. */
  forEachRegion<T>(build: (region: Region, provider: AwsProvider) => T): T[] {
    return this.enabledRegions.map((region) => build(region, this.provider(region)));
  }
}
