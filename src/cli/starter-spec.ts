/**
 * The spec `rdsctl init` writes: examples/quickstart.yaml, with its first
 * command naming the default file (a test keeps the two the same). It lives
 * in the code so a global install has it without the examples folder.
 */
export const STARTER_SPEC = `# A first rdsctl spec. Try it against the local emulator, no AWS account needed
# (QUICKSTART_DB_PASSWORD set to a password of 8 characters or more):
#   rdsctl apply --local
# Then change AllocatedStorage to 30 and run it again: a one-field plan.
instances:
  - DBInstanceIdentifier: quickstart-db
    Engine: postgres
    EngineVersion: "16"
    DBInstanceClass: db.t4g.micro
    AllocatedStorage: 20
    MasterUsername: app
    # The password comes from the environment: nothing secret in this file.
    MasterUserPassword: { env: QUICKSTART_DB_PASSWORD }
    BackupRetentionPeriod: 7
    # Apply changes now rather than at the next maintenance window (AWS's default).
    ApplyImmediately: true
    Tags:
      team: platform
      env: dev
# Tag what rdsctl creates or changes with rdsctl:spec (this file's name without
# .yaml), so a later plan names an instance removed from this file.
policy:
  markManaged: true
# The emulator creates an instance in a few seconds; poll it often.
wait:
  delaySeconds: 1
  maxDelaySeconds: 5
  timeoutSeconds: 300
`;
