import { CATALOGUE, defaultOptionGroupOf, familyOf } from "../rules/engine-catalogue.js";
import { defaultSubnets } from "../rules/vpc.js";
import type { State } from "./model.js";

/** Defaults of EmulatorOptions, shared by start-up, the server and the start-up lines. */
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_REGION = "us-east-1";
export const DEFAULT_ACCOUNT_ID = "123456789012";

/**
 * The generator seed of a region: the emulator's seed for its default region
 * (so single-region runs keep their ids), mixed with the name for the others.
 */
export function regionSeed(seed: number, region: string, defaultRegion: string): number {
  if (region === defaultRegion) return seed | 0;
  let h = seed | 0;
  for (const c of region) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

/** A region's name as RDS spells it (us-east-1, eu-central-2, us-gov-west-1, cn-north-1). */
export const REGION_NAME = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** A fresh account: default parameter, subnet and option groups, a default VPC and security group. */
export function freshState(region: string, accountId: string, seed: number): State {
  const arn = (kind: string, name: string) => `arn:aws:rds:${region}:${accountId}:${kind}:${name}`;
  const state: State = {
    rng: seed | 0,
    instances: new Map(),
    parameterGroups: new Map(),
    subnetGroups: new Map(),
    optionGroups: new Map(),
    snapshots: new Map(),
    events: [],
    defaultSecurityGroupId: "sg-0d5e7a1f00c0ffee1",
    defaultVpcId: "vpc-0a1b2c3d4e5f60718",
  };
  for (const m of CATALOGUE) {
    const family = familyOf(m.engine, m.major);
    const name = `default.${family}`;
    state.parameterGroups.set(name, {
      DBParameterGroupName: name,
      DBParameterGroupFamily: family,
      Description: `Default parameter group for ${family}`,
      DBParameterGroupArn: arn("pg", name),
      builtIn: true,
      TagList: [],
    });
    const og = defaultOptionGroupOf(m.engine, m.major);
    state.optionGroups.set(og, {
      OptionGroupName: og,
      OptionGroupDescription: `Default option group for ${m.engine} ${m.major}`,
      EngineName: m.engine,
      MajorEngineVersion: m.major,
      OptionGroupArn: arn("og", og),
    });
  }
  state.subnetGroups.set("default", {
    DBSubnetGroupName: "default",
    DBSubnetGroupDescription: "default",
    VpcId: state.defaultVpcId,
    Subnets: defaultSubnets(region),
    DBSubnetGroupArn: arn("subgrp", "default"),
    builtIn: true,
    TagList: [],
  });
  return state;
}
