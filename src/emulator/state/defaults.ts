import { CATALOGUE, defaultOptionGroupOf, familyOf } from "../rules/engine-catalogue.js";
import type { State } from "./model.js";

/** Defaults of EmulatorOptions, shared by start-up, the server and the start-up lines. */
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_REGION = "us-east-1";
export const DEFAULT_ACCOUNT_ID = "123456789012";

/** A fresh account: default parameter, subnet and option groups, a default VPC and security group. */
export function freshState(region: string, accountId: string, seed: number): State {
  const arn = (kind: string, name: string) => `arn:aws:rds:${region}:${accountId}:${kind}:${name}`;
  const state: State = {
    version: 1,
    clock: 0,
    rng: seed | 0,
    instances: {},
    parameterGroups: {},
    subnetGroups: {},
    optionGroups: {},
    events: [],
    defaultSecurityGroupId: "sg-0d5e7a1f00c0ffee1",
    defaultVpcId: "vpc-0a1b2c3d4e5f60718",
  };
  for (const m of CATALOGUE) {
    const family = familyOf(m.engine, m.major);
    const name = `default.${family}`;
    state.parameterGroups[name] = {
      DBParameterGroupName: name,
      DBParameterGroupFamily: family,
      Description: `Default parameter group for ${family}`,
      DBParameterGroupArn: arn("pg", name),
      builtIn: true,
      TagList: [],
    };
    const og = defaultOptionGroupOf(m.engine, m.major);
    state.optionGroups[og] = {
      OptionGroupName: og,
      OptionGroupDescription: `Default option group for ${m.engine} ${m.major}`,
      EngineName: m.engine,
      MajorEngineVersion: m.major,
      OptionGroupArn: arn("og", og),
    };
  }
  state.subnetGroups.default = {
    DBSubnetGroupName: "default",
    DBSubnetGroupDescription: "default",
    VpcId: state.defaultVpcId,
    Subnets: ["a", "b", "c"].map((az, i) => ({
      SubnetIdentifier: `subnet-0${i + 1}d5e7a1f00c0ffee${i + 1}`,
      AvailabilityZone: `${region}${az}`,
    })),
    DBSubnetGroupArn: arn("subgrp", "default"),
    builtIn: true,
    TagList: [],
  };
  return state;
}
