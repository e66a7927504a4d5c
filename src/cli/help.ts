/** Usage texts: `rdsctl --help` and `rdsctl <command> --help`. */

const CONNECTION = `Connection:
  --region REGION         AWS region (default: the spec's region, AWS_REGION,
                          or the profile's region)
  --profile NAME          AWS shared-config profile (default: AWS_PROFILE)
  --endpoint-url URL      any RDS-compatible endpoint, e.g. an emulator
                          (default: AWS_ENDPOINT_URL_RDS / AWS_ENDPOINT_URL)
  --local                 run the embedded emulator in-process, keeping its
                          state in .rdsctl/emulator.json of this directory
                          (region us-east-1 unless one is given)
  --retry-mode MODE       standard | adaptive (default: AWS_RETRY_MODE, else the
                          profile's retry_mode, else adaptive)
  --max-attempts N        attempts per AWS call (default: AWS_MAX_ATTEMPTS, else
                          the profile's max_attempts, else 20)
  --debug                 show stack traces on errors`;

const TEXTS: Record<string, string> = {
  plan: `Usage: rdsctl plan [FILE|DIR...] [flags]

Read the live state of every declared instance and print what apply would do.
Makes DescribeDBInstances calls only. With no FILE, reads rdsctl.yaml of the
current directory; a directory means every *.yaml, *.yml and *.json in it.

Flags:
  --json                  print the plan as JSON on stdout
  --detailed-exitcode     exit 2 when something would change (0 when nothing would)
  --rotate-password ID    show the plan with ID's master password rotated
                          (repeatable)
  --promote ID            show the plan with the read replica ID promoted
                          (repeatable)
  --target ID             plan only ID and the declared instances it depends on
                          (repeatable)
  --out PLAN              also save the plan to PLAN, for rdsctl apply PLAN,
                          and print its SHA-256 (never holds a secret)
  -h, --help              show this help

${CONNECTION}

Exit codes: 0 nothing would change (or changes, without --detailed-exitcode);
2 changes (with --detailed-exitcode); 1 any error, including a blocked change.
`,
  apply: `Usage: rdsctl apply [FILE|DIR...] [flags]
       rdsctl apply PLAN [flags]

Print the plan, ask for confirmation, then create and modify the declared
instances and wait until every touched instance is stable, and every declared
one still creating or modifying (so re-running after a wait timeout resumes
the wait). Never deletes.

Flags:
  -y, --yes               do not ask for confirmation (required without a terminal)
  --no-wait               return once the API calls are made, without waiting
  --json                  NDJSON on stdout: one progress event per line, then
                          the plan, the result and any error as the last line
  --json-document         with JSON, only that last document, pretty-printed
  --rotate-password ID    send ID's master password again (repeatable)
  --promote ID            promote the read replica ID to a standalone instance
                          (repeatable; never done otherwise)
  --concurrency N         instances whose calls are sent at the same time
                          (default 10)
  --max-parallel-downtime N
                          instances restarting at the same time for changes
                          applied now (default: policy.maxParallelDowntime, else 1)
  --target ID             apply only ID and the declared instances it depends on
                          (repeatable)
  --plan-sha256 HEX       apply PLAN only if the file's SHA-256 is HEX
  -h, --help              show this help

${CONNECTION}

FILE and DIR as for plan. PLAN is a file written by rdsctl plan --out: it is
applied exactly, with the account, region, profile, role and endpoint it was
made with; it is refused before anything is sent when it was edited, is for
another account, or the live state of any of its instances moved since.

An existing instance is read again just before its calls; one whose live state
changed since the plan was shown (it would now be planned differently) is
refused and nothing is sent to it. When an instance fails or is refused, the
others still finish and every outcome is printed.

Exit codes: 0 applied (or nothing to do); 1 any error, a blocked change, a
refusal to apply without confirmation, a declined confirmation, or a failed
instance; 130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM (no new call is
sent; what was sent stands and running apply again converges).
`,
  validate: `Usage: rdsctl validate [FILE|DIR...]

Check spec files offline (no AWS calls) and list every problem with
file:line:column. FILE and DIR as for plan.

Flags:
  --json                  print the result as one JSON document
  -h, --help              show this help
  --debug                 show stack traces on errors

Exit codes: 0 valid; 1 invalid (every problem is printed).
`,
  schema: `Usage: rdsctl schema

Print the JSON Schema of the spec format, for editors:
  rdsctl schema > rdsctl.schema.json

Flags:
  -h, --help              show this help
`,
  emulator: `Usage: rdsctl emulator [flags]

Run the local RDS emulator (RDS Query API 2014-10-31) until interrupted.
It accepts any credentials and authenticates nobody.

Flags:
  --port N                TCP port (default 4566; 0 picks a free one)
  --host HOST             address to listen on (default 127.0.0.1)
  --allow-host NAME       also serve requests whose Host header is NAME (repeatable;
                          '*' serves any Host); others get 403
  --state FILE            keep state in FILE across restarts
  --time-scale X          multiply every lifecycle duration (default 1; 0 makes
                          each transition happen by the next call)
  --faults SPEC           inject faults, e.g. throttle=0.2,error=0.05,drop=0.02,latency=20ms
  --seed N                seed for fault injection and generated ids
  -h, --help              show this help
  --debug                 show stack traces on errors
`,
  export: `Usage: rdsctl export [--id ID]... [--out FILE [--force]] [flags]

Read live instances (the --id ones, else every instance of the region) and
write the spec a user would write for them, as YAML, to stdout or FILE: only
fields that differ from what RDS chooses by default for the engine and
version, what every instance shares under \`defaults\`, the engine version's
major (the full version when automatic minor upgrades are off), tags but
AWS's own. Passwords are never read: a managed one is
\`ManageMasterUserPassword: true\`, any other an { env: NAME } placeholder.
Planning the written file gives "No changes". Makes DescribeDBInstances calls
only (one per 100 instances; tags come with them).

Flags:
  --id ID                 export this instance (repeatable; default: all)
  --out FILE              write the spec to FILE instead of stdout
  --force                 replace FILE when it exists
  -h, --help              show this help

${CONNECTION}

Exit codes: 0 written; 1 any error (an --id that does not exist, FILE exists
without --force, no instance to export).
`,
  show: `Usage: rdsctl show FILE... | --id ID... [flags]

Print each declared instance's endpoint (address and port), status, ARN and
master-secret ARN (when RDS manages the password), and any pending
modifications, without planning. Makes DescribeDBInstances calls only.

Flags:
  --id ID                 show this instance instead of a spec's (repeatable)
  --json                  print { instances: [{ id, exists, outputs, pending }] }
  -h, --help              show this help

${CONNECTION}

Exit codes: 0 shown (an instance that does not exist is listed as such); 1 any error.
`,
  init: `Usage: rdsctl init [--force]

Write a commented starter spec (one small PostgreSQL instance) to rdsctl.yaml
in the current directory. Try it with: rdsctl apply --local

Flags:
  --force                 overwrite an existing rdsctl.yaml
  -h, --help              show this help
`,
};

export function topHelp(): string {
  return `Usage: rdsctl <command> [flags]

Declarative, idempotent management of AWS RDS DB instances from a YAML spec.

Commands:
  plan FILE...        show what apply would change (reads live state)
  apply FILE...       create and modify instances to match the spec, then wait
  validate FILE...    check spec files offline
  export              write a spec from live instances (adopt existing ones)
  show FILE...        print endpoints, ARNs, status and pending changes
  plan [FILE...]      show what apply would change (reads live state)
  apply [FILE...]     create and modify instances to match the spec, then wait
  apply PLAN          apply a plan saved with plan --out
  validate [FILE...]  check spec files offline
  schema              print the spec's JSON Schema
  init                write a starter spec to rdsctl.yaml
  emulator            run the local RDS emulator

FILE defaults to rdsctl.yaml; a directory means every spec file in it.

Flags:
  -h, --help          show help (rdsctl <command> --help for a command)
  -v, --version       print the version

Try it without an AWS account:
  rdsctl init && rdsctl apply --local
`;
}

export function commandHelp(command: string): string {
  return TEXTS[command] ?? topHelp();
}

const COMMAND_NAMES = Object.keys(TEXTS);

export function unknownCommandMessage(command: string): string {
  if (command.startsWith("-")) {
    return `unknown flag ${command}; flags go after the command (see rdsctl --help)`;
  }
  return `unknown command "${command}"; commands are ${COMMAND_NAMES.join(", ")} (see rdsctl --help)`;
}
