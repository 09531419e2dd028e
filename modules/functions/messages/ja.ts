import { HUMAN_USERS_GROUP, links } from './links';
import type { AlertFacts, AlertTexts, ContainmentFacts, Step } from './types';

const account = (facts: { account: string }) => `AWS アカウント ${facts.account}`;
const action = (facts: AlertFacts) => facts.eventName ?? '操作';
const money = (value: string | undefined) => (value ? `$${value.replace(/^\$/, '')}` : '不明な金額');
const eventStep = (facts: AlertFacts, text = '誰が、いつ、どこから何をしたかを確認してください:'): Step => ({ text, link: links.cloudTrailEvent(facts.region, facts.eventId) });
const compromisedSteps = (who: string | undefined): Step[] => [
  { text: '起動した覚えのないインスタンスがないか、すべてのリージョンをまとめて確認してください (EC2 グローバルビュー):', link: links.ec2GlobalView },
  { text: `チームの誰も行っていない場合は、アカウントが乗っ取られたものとして対応してください。${who ? `${who} の` : '心当たりのない'}アクセスキーとユーザーを無効にし、パスワードを変更してください。`, link: links.iamHome },
];
const containmentWhy = (facts: ContainmentFacts) => {
  const { cause } = facts;
  if (cause.kind === 'root') return 'ルートユーザーが起動しました。ルートユーザーでコンピューティングを動かすべきではありません';
  if (cause.kind === 'unused-region') return `このアカウントで使っているリージョン (${cause.allowedRegions.join(', ')}) 以外の ${facts.region} で起動されました`;
  if (cause.kind === 'released') {
    return `ベースラインが封じ込めたものを、解除を許されていない誰かが再び起動しました (または Auto Scaling グループを再開しました)。${cause.exemptRoleArns.length > 0 ? `解除できるのは ${cause.exemptRoleArns.join(', ')} だけです` : '解除するには、先にタグを外してください (下のコマンド。タグを外すとアラートが届きます)'}`;
  }
  return `GuardDuty がこのインスタンスについて ${cause.type} (重要度: ${JA.severity[cause.severity]}) を検出しました${cause.title ? `。${cause.title}` : ''}`;
};

/**
 * Japanese (alerts.language: ja), for owners who read Japanese first: plain words, and the
 * service names as AWS's Japanese console writes them. What AWS itself sends (event names,
 * finding types and GuardDuty's finding titles) stays as AWS sends it.
 */
export const JA: AlertTexts = {
  name: '日本語',
  severity: { low: '低', medium: '中', high: '高', critical: '重大' },
  subjectTag: (severity) => `【重要度: ${JA.severity[severity]}】`,
  labels: {
    account: 'アカウント',
    region: 'リージョン',
    time: '日時',
    who: '実行者',
    from: '送信元',
    action: '操作',
    refused: 'AWS が拒否',
    mfaUsed: 'MFA の使用',
    severity: '重要度',
    finding: '検出結果',
    resource: 'リソース',
    rule: 'ルール',
    budget: '予算',
    amount: '金額',
    causes: '主な原因',
    alarm: 'アラーム',
  },
  outsideAllowedRegions: (region, allowed) => `${region} は、このアカウントで使うリージョン (${allowed.join(', ')}) ではありません。チームの誰もここで作業していないはずです。`,
  stepsHeading: '今すぐ行うこと:',
  budgetKind: { ACTUAL: '実績', FORECASTED: '予測' },
  footer: (id) => `アカウント ${id} の AWS アカウントベースラインが送信しました。`,
  tamperAreas: { logging: '監査ログ', detection: '脅威の検出', alertPath: 'アラートの経路', spend: '支出のアラート', account: 'アカウントの設定', identity: 'ID と認証情報' },

  rootActivity: (facts) => ({
    subject: facts.eventName === 'ConsoleLogin' ? `${account(facts)} にルートユーザーでサインインがありました` : `${account(facts)} でルートユーザーが使われました: ${action(facts)}`,
    headline:
      facts.eventName === 'ConsoleLogin'
        ? `何者かが、何でもできる ID であるルートユーザーで ${account(facts)} にサインインしました。`
        : `何者かが ${account(facts)} のルートユーザー (何でもできる ID) を使いました: ${facts.region ? `${facts.region} リージョンで ` : ''}${action(facts)}。`,
    steps: [
      { text: '心当たりがない場合は、今すぐルートユーザーでサインインしてパスワードを変更してください (セキュリティ認証情報):', link: links.rootCredentials },
      { text: '同じページで、ルートユーザーのアクセスキーをすべて削除し、ルートユーザーの MFA が有効になっていることを確認してください。', link: links.rootCredentials },
      eventStep(facts),
    ],
  }),
  signInWithoutMfa: (facts) => ({
    subject: `${account(facts)} に ${facts.userName ?? 'IAM ユーザー'} が MFA なしでサインインしました`,
    headline: `IAM ユーザー ${facts.userName ?? '(不明)'} が、MFA を使わずに ${account(facts)} のコンソールにサインインしました。`,
    steps: [
      { text: `${facts.userName ?? 'そのユーザー'} 本人かどうか確認してください。本人でない場合は、すぐにパスワードとアクセスキーを無効にしてください:`, link: links.iamUser(facts.userName) },
      { text: `MFA を必須にするため、ユーザーをグループ ${HUMAN_USERS_GROUP} に追加してください。MFA を有効にするまで、ほとんど何もできなくなります。`, link: links.iamGroup(HUMAN_USERS_GROUP) },
      eventStep(facts, 'サインインの記録を確認してください:'),
    ],
  }),
  guardDutyFinding: (facts) => {
    const mining = /^(CryptoCurrency:|Impact:EC2\/BitcoinDomainRequest|Impact:Runtime\/CryptoMiner)/.test(facts.findingType);
    const steps: Step[] = [{ text: '検出結果を開き、GuardDuty が何を見つけたかを確認してください:', link: links.guardDutyFinding(facts.region, facts.findingId) }];
    if (facts.instanceId) {
      steps.push({ text: `インスタンス ${facts.instanceId} に心当たりがない場合は、停止してください (ディスクが証拠になるため、終了はしないでください)。ベースラインの封じ込め機能がすでに停止している場合があります。`, link: links.ec2Instance(facts.region, facts.instanceId) });
    } else if (facts.accessKeyId) {
      steps.push({ text: `アクセスキー ${facts.accessKeyId} のこの使われ方に心当たりがない場合は、無効にしてください:`, link: links.iamUser(facts.userName) });
    }
    if (mining) steps.push(...compromisedSteps(undefined));
    else steps.push({ text: '想定どおりの動きであれば、GuardDuty で検出結果をアーカイブすると、次からは通知されません。' });
    return {
      subject: `GuardDuty: ${facts.region ?? '?'} で ${facts.findingType} (${account(facts)})`,
      headline: `GuardDuty が ${account(facts)}${facts.region ? ` の ${facts.region} リージョン` : ''}で、重要度「${JA.severity[facts.severity]}」の脅威を検出しました: ${facts.title ?? facts.findingType}`,
      steps: steps.slice(0, 4),
    };
  },
  configNonCompliance: (facts) => ({
    subject: `AWS Config: ${account(facts)} でルール ${facts.rule} に違反`,
    headline: `AWS Config が、${account(facts)} の ${[facts.resourceType, facts.resourceId].filter(Boolean).join(' ') || 'リソース'} をルール ${facts.rule} に「非準拠」と判定しました。`,
    steps: [
      { text: 'ルールを開き、どのリソースがなぜ違反しているかを確認してください:', link: links.configRule(facts.region, facts.rule) },
      { text: 'ルールのページにある方法でリソースを修正してください。AWS Config が自動で再評価します。', link: links.configResource(facts.region, facts.resourceType, facts.resourceId) },
    ],
  }),
  tamper: (area, facts) => ({
    subject: facts.error
      ? `ベースラインの変更が拒否されました (${JA.tamperAreas[area]}): ${action(facts)}、${account(facts)}`
      : `ベースラインが変更されました (${JA.tamperAreas[area]}): ${action(facts)}、${account(facts)}`,
    headline: facts.error
      ? `何者かが ${account(facts)} でベースラインの${JA.tamperAreas[area]}を変更しようとしましたが (${action(facts)})、AWS が拒否しました。`
      : `何者かが ${account(facts)} でベースラインの${JA.tamperAreas[area]}を変更しました: ${action(facts)}${facts.service ? ` (${facts.service})` : ''}。侵入者はまず、自分を見つける仕組みを止めようとします。`,
    steps: [
      eventStep(facts, '意図して変更した人がいないか、チームに確認してください。イベントで、誰が、いつ、どこから行ったかがわかります:'),
      { text: `誰も行っていない場合は、アカウントが乗っ取られたものとして対応し、${facts.who ?? 'その ID'} の認証情報を無効にしてください。`, link: links.iamHome },
      { text: 'ベースラインを元に戻してください: ドリフト検出 (npm run drift) を実行し、もう一度デプロイします (npx cdktf deploy)。' },
    ],
  }),
  unusedRegionCompute: (facts) => ({
    subject: `使っていないリージョン ${facts.region ?? '?'} でコンピューティングが起動されました (${account(facts)})`,
    headline: `何者かが、${account(facts)} で使っていない ${facts.region ?? ''} リージョンでコンピューティングを起動しました: ${action(facts)}${facts.service ? ` (${facts.service})` : ''}。`,
    steps: [
      { text: `${facts.region ?? 'そのリージョン'} で動いているものを確認し、起動した覚えのないものを停止してください:`, link: links.ec2Instances(facts.region) },
      ...compromisedSteps(facts.who),
      eventStep(facts),
    ],
  }),
  deliveryFailure: (facts) => ({
    subject: `${facts.region ?? '?'} でアラートが届いていません (${account(facts)})`,
    headline: `${account(facts)} の ${facts.region ?? ''} リージョンで、EventBridge がアラートを配信できませんでした。アラートのルール、そのターゲット、アラート用の KMS キー、または転送用のロールが変更されています。`,
    steps: [
      { text: 'CloudWatch アラームを確認してください:', link: links.alarms(facts.region) },
      { text: 'ベースラインのドリフト検出 (npm run drift) で何が変わったかを確認し、もう一度デプロイしてください (npx cdktf deploy)。' },
    ],
  }),
  budget: (facts) => ({
    subject:
      facts.kind === 'FORECASTED'
        ? `今月の利用料金が ${money(facts.threshold)} を超える見込みです: 予算 ${facts.budgetName} (${account(facts)})`
        : `今月の利用料金が ${money(facts.threshold)} を超えました: 予算 ${facts.budgetName} (${account(facts)})`,
    headline:
      facts.kind === 'FORECASTED'
        ? `${account(facts)} の今月の利用料金は ${money(facts.threshold)} を超える見込みです (予算 ${facts.budgetName}、月額 ${money(facts.limit)})。予測額: ${money(facts.amount)}。`
        : `${account(facts)} の今月の利用料金が ${money(facts.threshold)} を超えました (予算 ${facts.budgetName}、月額 ${money(facts.limit)})。現在の金額: ${money(facts.amount)}。`,
    steps: [{ text: 'Cost Explorer で、何に料金がかかっているかをサービス別、リージョン別に確認してください:', link: links.costExplorer }, ...compromisedSteps(undefined)],
  }),
  costAnomaly: (facts) => {
    const cause = facts.causes[0];
    return {
      subject: `普段と違う利用料金: 予想より ${money(facts.impact)} 多くかかっています (${account(facts)})`,
      headline: `AWS のコスト異常検出が、${account(facts)} で普段と違う利用料金を見つけました。予想より ${money(facts.impact)} 多くかかっています${cause?.service ? `。主な原因: ${cause.service}${cause.region ? ` (${cause.region})` : ''}` : ''}。`,
      steps: [{ text: '異常の詳細を開き、原因を確認してください (コスト異常検出):', link: facts.link ?? links.anomalies }, ...compromisedSteps(undefined)],
    };
  },
  otherAwsMessage: (id, awsSubject) => ({
    subject: awsSubject ? `AWS: ${awsSubject}` : `アカウント ${id} についての AWS からのメッセージ`,
    headline: `AWS からアカウント ${id} について次のメッセージが届きました。AWS が書いたとおりに転送します。`,
    steps: [],
  }),
  unformatted: (id, error) => ({
    subject: `ベースラインのアラート (整形なし): アカウント ${id}`,
    headline: `ベースラインはこのアラートを文章にできませんでした (${error})。AWS が送ったイベントをそのまま載せます。内容を確認するか、AWS に詳しい人に相談してください。`,
    steps: [],
  }),

  alarms: {
    deliveryFailure: (region) =>
      `アラートが届いていません: ${region} で EventBridge がアラートを配信できませんでした。アラートのルール、そのターゲット、アラート用の KMS キー、または転送用のロールが変更されています。` +
      '1. ドリフト検出 (npm run drift) で何が変わったかを確認してください。2. ベースラインをもう一度デプロイしてください (npx cdktf deploy)。',
    formatterFailed:
      'アラートの整形機能が失敗しました。アラートは整形されないまま届きます。1. ログ (/aws/lambda/account-baseline-alert-formatter) を確認してください。2. ドリフト検出 (npm run drift) を実行し、ベースラインをもう一度デプロイしてください。',
    undeliveredAlerts: (queue) => `アラートを整形機能に渡せず、キュー ${queue} にたまっています。1. キューの中身を確認してください。2. ドリフト検出 (npm run drift) を実行し、ベースラインをもう一度デプロイしてください。`,
    containmentFailed: '封じ込め機能がイベントの処理に失敗しました。止めるべきものが動き続けている可能性があります。1. ログ (/aws/lambda/account-baseline-containment) を確認してください。2. 書かれているものを手動で停止してください。',
    containmentDeadLetters: (queue) => `封じ込め機能が処理できなかったイベントが ${queue} にたまっています。1. キューの中身を確認してください。2. 書かれているものを手動で封じ込めてください。`,
    heartbeatMissing: (region, home, logGroup) =>
      `${region} のアラートが届かなくなっている可能性があります: この 1 時間、${region} から 5 分ごとに送られるベースラインのハートビートのうち ${home} に届いたのが半分未満 (またはゼロ) です。` +
      (region === home
        ? 'ホームリージョンのハートビートのスケジュールまたはルールが変更されています。'
        : `${region} の転送ルール (account-baseline-forward-to-home-region)、転送用のロール、ホームリージョンのイベントバスのポリシー、または ${region} のハートビートのスケジュールが変更されています。`) +
      `1. ここに書かれたルールとスケジュール、およびハートビートのログ ${logGroup} (1 行に 1 回分、リージョン付き) を確認してください。2. ドリフト検出 (npm run drift) を実行し、ベースラインをもう一度デプロイしてください。`,
    functionEventsWaiting: (functionName, minutes) =>
      `ベースラインの関数 ${functionName} が処理するイベントが ${minutes} 分以上待たされています。アラートや封じ込めが止められています (同時実行数が 0 にされた可能性があります)。` +
      `1. 同時実行数を確認してください (Lambda コンソール、${functionName}、設定、同時実行)。2. ドリフト検出 (npm run drift) を実行し、ベースラインをもう一度デプロイしてください。`,
    functionThrottled: (functionName) =>
      `ベースラインの関数 ${functionName} がスロットリングされています。処理すべきイベントが止められ、アラートや封じ込めが待たされています (同時実行数が 0 にされた可能性があります)。` +
      `1. 同時実行数を確認してください (Lambda コンソール、${functionName}、設定、同時実行)。2. ドリフト検出 (npm run drift) を実行し、ベースラインをもう一度デプロイしてください。`,
  },

  containment: {
    subject: (facts) =>
      facts.notStopped > 0
        ? `${facts.region} のインスタンス ${facts.notStopped} 台を停止できませんでした${facts.count > 0 ? ` (${facts.count} 台は停止済み)` : ''} (アカウント ${facts.account})`
        : `${facts.region} のインスタンス ${facts.count} 台を${facts.dryRun ? '停止します (ドライラン)' : '停止しました'} (アカウント ${facts.account})`,
    headline: (facts) =>
      facts.notStopped > 0
        ? `ベースラインは AWS アカウント ${facts.account} の ${facts.region} リージョンでインスタンス ${facts.notStopped} 台を停止できませんでした。まだ動いています。下の手順ですぐに手動で対処してください。${facts.count > 0 ? `ほかの ${facts.count} 台は停止しました。` : ''}`
        : facts.dryRun
        ? `ドライラン: ベースラインは AWS アカウント ${facts.account} の ${facts.region} リージョンでコンピューティングを停止するところでした。実際には何も停止していません。`
        : `ベースラインが AWS アカウント ${facts.account} の ${facts.region} リージョンでコンピューティングを停止しました。`,
    why: (facts) => `理由: ${containmentWhy(facts)}。`,
    trigger: (facts) =>
      `きっかけ: ${facts.trigger.source === 'cloudtrail' ? `${facts.trigger.name} (CloudTrail)` : `GuardDuty の検出結果 ${facts.trigger.name}${facts.cause.kind === 'finding' ? ` (重要度: ${JA.severity[facts.cause.severity]})` : ''}`}${facts.trigger.who ? `、実行者 ${facts.trigger.who}` : ''}${facts.trigger.sourceIp ? `、送信元 ${facts.trigger.sourceIp}` : ''}${facts.trigger.time ? `、日時 ${facts.trigger.time}` : ''}。`,
    instance: (id, type, launched, dryRun, group, protectionLifted) =>
      `- ${id} (${type}、起動 ${launched}): ${dryRun ? '停止対象 (ドライラン)' : protectionLifted ? '停止済み (先に停止保護を解除しました)' : '停止済み'}${group ? `、Auto Scaling グループ ${group}` : ''}`,
    notFound: (id, region) => `- ${id}: ${region} に見つかりません`,
    notStopped: (id, type, state, error, why) =>
      `- ${id} (${type}、${state}): 停止できませんでした: ${error}${why === 'one-time-spot' ? ' (1 回限りのスポットインスタンスは終了しかできません)' : why === 'instance-store' ? ' (ルートボリュームがインスタンスストアのため、終了しかできません)' : ''}`,
    cancelled: (ids) => `これ以上起動しないよう、次をキャンセルしました: ${ids.join(', ')} (動いていたインスタンスは終了ではなく停止しています)。`,
    suspended: (groups) => `停止したインスタンスが置き換えられないよう、Auto Scaling を一時停止しました: ${groups.join(', ')}。`,
    rootUser: (accessKeyId) => `ルートユーザー${accessKeyId ? ` (アクセスキー ${accessKeyId})` : ''}`,
    evidence: 'インスタンスは停止しただけで、終了はしていません。ボリュームが証拠になります。停止中のインスタンスにかかるのはストレージの料金だけです。',
    steps: (facts, undo, stillRunning) => [
      ...(stillRunning
        ? [
            ...(stillRunning.ids.length > 0 ? [{ text: `すぐに停止してください (停止保護を解除してから停止): ${stillRunning.stop}` }] : []),
            ...(stillRunning.cannotStop.length > 0
              ? [{ text: `${stillRunning.cannotStop.join(', ')} は停止できません。何も許可しないセキュリティグループに付け替えて切り離し (aws ec2 modify-instance-attribute --region ${facts.region} --instance-id ${stillRunning.cannotStop.length === 1 ? stillRunning.cannotStop[0] : '<ID>'} --groups <そのグループ>)、必要なものをコピーしてから終了してください。` }]
              : []),
          ]
        : []),
      { text: 'インスタンスを確認してください:', link: links.ec2Instances(facts.region, stillRunning ? 'running' : 'stopped') },
      { text: facts.trigger.source === 'cloudtrail' ? '誰が行ったかを確認してください:' : '検出結果を確認してください:', link: facts.trigger.link },
      { text: '攻撃だった場合は、起動に使われた認証情報を削除し、必要な情報を取り出してからインスタンスを終了してください。' },
      ...(undo ? [{ text: `自分で起動したもので元に戻したい場合: ${undo.command}${undo.resume.map((command) => `\n   Auto Scaling も再開します: ${command}`).join('')}` }] : []),
    ],
    keySubject: (userName, id, dryRun) => `${userName} のアクセスキーを${dryRun ? '無効にします (ドライラン)' : '無効にしました'} (アカウント ${id})`,
    keyHeadline: (userName, accessKeyId, id, dryRun) => `ベースラインが、AWS アカウント ${id} の IAM ユーザー ${userName} のアクセスキー ${accessKeyId} を${dryRun ? '無効にするところでした (ドライラン)' : '無効にしました'}。`,
    keySteps: (userName, accessKeyId, findingLink) => [
      { text: 'このキーがどこで誰に使われたかを確認してください (検出結果と、そのキーの CloudTrail イベント):', link: findingLink },
      { text: `キーが漏れていた場合は、削除して新しいキーを発行してください: aws iam delete-access-key --user-name ${userName} --access-key-id ${accessKeyId}` },
      { text: `誤検知だった場合は、元に戻してください: aws iam update-access-key --user-name ${userName} --access-key-id ${accessKeyId} --status Active` },
    ],
    unreadableSubject: '封じ込め機能がイベントを読めませんでした (何もしていません)',
    unreadableSteps: [
      { text: '起動した覚えのないインスタンスがないか、すべてのリージョンをまとめて確認してください (EC2 グローバルビュー):', link: links.ec2GlobalView },
      { text: 'ログ (/aws/lambda/account-baseline-containment) でイベントを確認し、書かれているものを手動で停止してください。' },
    ],
    unreadable: (id, why) => `AWS アカウント ${id} の封じ込め機能が読めないイベントを受け取り、何もしませんでした: ${why}。攻撃だった場合は何も停止されていないため、アカウントを手動で確認してください。`,
  },
};
