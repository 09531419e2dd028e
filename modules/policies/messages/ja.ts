import type { AlertTexts } from './types';

const cloudTrailLink = 'https://<region>.console.aws.amazon.com/cloudtrailv2/home?region=<region>#/events/<eventId>';

/**
 * Japanese (alerts.language: ja), for owners who read Japanese first: plain words, and the service
 * names as AWS's Japanese console writes them. GuardDuty's finding titles and AWS's own values
 * (event names, finding types) stay as AWS sends them.
 */
export const JA: AlertTexts = {
  rootActivity:
    '【ルートユーザーの操作】AWS アカウント <account> で、ルートユーザーが <region> リージョンにて <event> (<service>) を実行しました。' +
    '日時: <time>、送信元 IP: <sourceIp> (<userAgent>)、MFA の使用: <mfa>。' +
    '心当たりがない場合は、アカウントが乗っ取られている可能性があります。すぐにサインインしてルートユーザーのパスワードを変更し、ルートユーザーのアクセスキーがあれば削除してください。' +
    `イベント: ${cloudTrailLink}`,
  signInWithoutMfa:
    '【MFA を使わないコンソールサインイン】AWS アカウント <account> で、IAM ユーザー <user> が MFA を使わずにサインインしました。' +
    '日時: <time>、送信元 IP: <sourceIp> (<userAgent>)、リージョン: <region>。' +
    '人が使うユーザーは必ず MFA でサインインしてください。本人でない場合は、このユーザーのパスワードとアクセスキーをすぐに無効にしてください。' +
    `イベント: ${cloudTrailLink}`,
  guardDutyFinding:
    '【GuardDuty の検出結果】AWS アカウント <account>、リージョン <region>: <type> (重要度 <severity>)。<title> 最終検出: <time>。' +
    '検出結果: https://<region>.console.aws.amazon.com/guardduty/home?region=<region>#/findings?macros=current&fId=<id>',
  configNonCompliance:
    '【AWS Config ルールの違反】AWS Config ルール <rule> が、AWS アカウント <account> (<region>) の <resourceType> <resourceId> を「非準拠」と判定しました。日時: <time>。' +
    'ルールと修正方法: https://<region>.console.aws.amazon.com/config/home?region=<region>#/rules/details?configRuleName=<rule>',
  tamperAreas: { logging: '監査ログ', detection: '脅威の検出', alertPath: 'アラートの経路', identity: 'ID と認証情報' },
  tamper: (area) =>
    `【ベースラインの改ざん (${area})】AWS アカウント <account> で、<who> が <region> リージョンにて <event> (<service>) を実行しました。` +
    '日時: <time>、送信元 IP: <sourceIp>、拒否された場合のエラー: <error>。' +
    'チームの誰も行っていない場合は、アカウントが乗っ取られたものとして対応してください。侵入者が、自分を見つける仕組みを止めようとしている可能性があります。' +
    `イベント: ${cloudTrailLink}`,
  unusedRegionCompute:
    '【使っていないリージョンでのコンピューティングの起動】AWS アカウント <account> で、<who> が <region> リージョンにて <event> (<service>) を実行しました。' +
    '日時: <time>、送信元 IP: <sourceIp>、拒否された場合のエラー: <error>。' +
    '<region> はこのアカウントで使っていないリージョンです。チームの誰も行っていない場合は、<region> のリソースを停止し、起動に使われたアクセスキーまたはユーザーをすぐに無効にしてください。' +
    `イベント: ${cloudTrailLink}`,
  deliveryFailure:
    '【アラートが届いていません】AWS アカウント <account> のリージョン <region> で、<time> 以降、EventBridge がアラートを配信できていません。' +
    'アラートのルール、そのターゲット、アラート用の KMS キー、または転送用のロールが変更されています。ベースラインのドリフト検出を実行するか、もう一度デプロイしてください。' +
    'アラーム: https://<region>.console.aws.amazon.com/cloudwatch/home?region=<region>#alarmsV2:',
};
