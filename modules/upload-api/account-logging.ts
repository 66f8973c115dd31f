import { ApiGatewayAccount } from '@cdktf/provider-aws/lib/api-gateway-account/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { Construct } from 'constructs';
import { policyDocument } from '../iam/policy-document.js';

/** AWS's managed policy for exactly this role: create log groups and streams, put events. */
const pushToCloudWatchLogs = 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs';

export interface ApiGatewayAccountLoggingProps {
  /** The role's name. */
  readonly roleName: string;
  /** Account allowed to have API Gateway assume the role (`aws:SourceAccount`). */
  readonly accountId: string;
}

/**
 * The account-level API Gateway setting naming the role API Gateway writes execution and access
 * logs with. One per account and region: only one stack of the account may create it (a second
 * would overwrite the first, and destroying either leaves the account without one).
 */
export class ApiGatewayAccountLogging extends Construct {
  readonly role: IamRole;
  readonly account: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: ApiGatewayAccountLoggingProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: policyDocument([
        {
          principals: { service: ['apigateway.amazonaws.com'] },
          actions: ['sts:AssumeRole'],
          conditions: { StringEquals: { 'aws:SourceAccount': [props.accountId] } },
        },
      ]),
    });
    const attachment = new IamRolePolicyAttachment(this, 'push-to-logs', { role: this.role.name, policyArn: pushToCloudWatchLogs });
    this.account = new ApiGatewayAccount(this, 'account', { cloudwatchRoleArn: this.role.arn, dependsOn: [attachment] });
  }
}
