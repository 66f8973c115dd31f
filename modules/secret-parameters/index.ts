import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter/index.js';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';

/** One SecureString parameter and the Terraform variable its value comes from. */
export interface SecretParameter {
  /** The parameter's name, e.g. `/imgpipe-dev/webhooks/orders-app`. */
  readonly parameterName: string;
  /** The Terraform variable holding the value (`TF_VAR_<variableName>`), e.g. `webhook_secret_orders_app`. */
  readonly variableName: string;
  /** What the value is and its format; the variable's and the parameter's description. */
  readonly description: string;
}

export interface SecretParametersProps {
  readonly parameters: readonly SecretParameter[];
  /** The number variable whose change rewrites every value (bump it to rotate). */
  readonly versionVariableName: string;
  /** Encrypt the parameters with this KMS key. @default the AWS-managed key `aws/ssm` */
  readonly kmsKeyArn?: string;
}

/**
 * SecureString parameters whose values Terraform never stores: each value comes from a sensitive,
 * ephemeral variable and is sent once through the write-only `value_wo` (Terraform >= 1.11, AWS
 * provider >= 5.88), rewritten only when the version variable changes. Neither the plan nor the
 * state holds it.
 */
export class SecretParameters extends Construct {
  readonly parameters: SsmParameter[];
  readonly parameterArns: string[];
  readonly parameterNames: string[];

  constructor(scope: Construct, id: string, props: SecretParametersProps) {
    super(scope, id);
    const version = new TerraformVariable(this, 'version', {
      type: 'number',
      default: 1,
      description: 'Version of the secret parameters\' values: bump it to write the current TF_VAR_ values again (rotation); the values themselves are never stored',
    });
    version.overrideLogicalId(props.versionVariableName);

    this.parameters = props.parameters.map((parameter) => {
      const value = new TerraformVariable(this, `${parameter.variableName}-variable`, {
        type: 'string',
        sensitive: true,
        nullable: false,
        description: parameter.description,
      });
      value.overrideLogicalId(parameter.variableName);
      // cdktf 0.21 has no `ephemeral` option yet: the value exists only while Terraform runs.
      value.addOverride('ephemeral', true);
      return new SsmParameter(this, parameter.variableName, {
        name: parameter.parameterName,
        description: parameter.description,
        type: 'SecureString',
        valueWo: value.stringValue,
        valueWoVersion: version.numberValue,
        ...(props.kmsKeyArn !== undefined && { keyId: props.kmsKeyArn }),
      });
    });
    this.parameterArns = this.parameters.map((parameter) => parameter.arn);
    this.parameterNames = this.parameters.map((parameter) => parameter.name);
  }
}
