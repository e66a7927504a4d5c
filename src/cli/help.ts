import { escapeText } from "../text/escape.js";
import { COMMON_FLAGS, type FlagDefs } from "./flag-defs.js";

/*
 * Usage texts: `rdsctl --help` and `rdsctl <command> --help`. The command list
 * comes from COMMANDS (each command once) and each command's flag list from
 * the very flag definitions it parses with, so a flag cannot be missing from
 * its help or listed without existing; only the words are kept here.
 */

/** A flag's help: the placeholder of its value, and its description, one string per line. */
interface FlagHelp {
  value?: string;
  lines: string[];
}

/** The connection flags' help, shared by every command that calls AWS (listed under Connection:). */
const CONNECTION_HELP: Record<string, FlagHelp> = {
  region: {
    value: "REGION",
    lines: ["AWS region (default: the spec's region, AWS_REGION,", "or the profile's region)"],
  },
  profile: { value: "NAME", lines: ["AWS shared-config profile (default: AWS_PROFILE)"] },
  "endpoint-url": {
    value: "URL",
    lines: [
      "any RDS-compatible endpoint, e.g. an emulator",
      "(default: AWS_ENDPOINT_URL_RDS / AWS_ENDPOINT_URL)",
    ],
  },
  local: {
    lines: [
      "use this directory's emulator (started in the background",
      "if none runs; see rdsctl local), state in .rdsctl/",
      "(region us-east-1 unless one is given)",
    ],
  },
  "retry-mode": {
    value: "MODE",
    lines: [
      "standard | adaptive (default: AWS_RETRY_MODE, else the",
      "profile's retry_mode, else adaptive)",
    ],
  },
  "max-attempts": {
    value: "N",
    lines: [
      "attempts per AWS call (default: AWS_MAX_ATTEMPTS, else",
      "the profile's max_attempts, else 20)",
    ],
  },
  "response-timeout": {
    value: "S",
    lines: [
      "seconds a request may wait for its answer (default:",
      "RDSCTL_RESPONSE_TIMEOUT, else 60)",
    ],
  },
};

/** The variable flags' help, shared by every command that loads a spec (cli/vars.ts). */
const VAR_HELP: Record<string, FlagHelp> = {
  var: {
    value: "NAME=VALUE",
    lines: ["set the spec's variable NAME (repeatable; a later one wins)"],
  },
  "var-file": {
    value: "FILE",
    lines: ["set variables from a YAML map of NAME: VALUE (repeatable)"],
  },
};

const HELP_FLAG: FlagHelp = { lines: ["show this help"] };
const DEBUG_FLAG: FlagHelp = { lines: ["show stack traces on errors"] };

/** The help of the flags every command takes (args.ts COMMON_FLAGS), as `rdsctl --help` lists them. */
const COMMON_HELP: Record<keyof typeof COMMON_FLAGS, FlagHelp> = {
  help: { lines: ["show help (rdsctl <command> --help for a command)"] },
  "no-color": { lines: ["no colour (as NO_COLOR=1 does)"] },
  quiet: {
    lines: [
      "print only errors and the final line (plan, apply,",
      "validate); JSON and exported YAML stay whole",
    ],
  },
  debug: DEBUG_FLAG,
};

interface CommandText {
  /** How the command is called, as listed by `rdsctl --help` (with the summary on its first line). */
  synopsis: string;
  summary: string;
  /** The command's help up to its flags. */
  head: string;
  /** Its help after the flags (exit codes and notes). */
  tail: string;
  /** Its own flags' help, by flag name. */
  flags: Record<string, FlagHelp>;
}

const COMMANDS: Record<string, CommandText> = {
  plan: {
    synopsis: "plan [FILE|DIR...]",
    summary: "show what apply would change (reads live state)",
    head: `Usage: rdsctl plan [FILE|DIR...] [flags]

Read the live state of every declared instance and print what apply would do.
Sends nothing that changes anything: DescribeDBInstances, one STS
GetCallerIdentity, and for what will be created or changed the catalogue reads
of the plan-time checks (skipped with a warning when denied; docs/iam.md).
With no FILE, reads rdsctl.yaml of the current directory; a directory means
every rdsctl spec among the *.yaml, *.yml and *.json in it (other files are
skipped with a note).

`,
    tail: `Exit codes: 0 nothing would change (or changes, without --detailed-exitcode);
2 changes (with --detailed-exitcode) or drift (with --drift-exit); 1 any error,
including a blocked change.
`,
    flags: {
      json: { lines: ["print the plan as JSON on stdout"] },
      "detailed-exitcode": { lines: ["exit 2 when something would change (0 when nothing would)"] },
      "rotate-password": {
        value: "ID",
        lines: ["show the plan with ID's master password rotated", "(repeatable)"],
      },
      promote: {
        value: "ID",
        lines: ["show the plan with the read replica ID promoted", "(repeatable)"],
      },
      reboot: {
        lines: [
          "show the plan rebooting the instances a parameter group",
          "leaves pending-reboot (as policy.rebootWhenNeeded)",
        ],
      },
      "snapshot-before": {
        value: "LIST",
        lines: [
          "show a snapshot taken before these kinds of change:",
          "major-upgrade, minor-upgrade, storage-type-change,",
          "class-change, risky (comma list or repeated; as",
          "policy.snapshotBefore)",
        ],
      },
      target: {
        value: "ID",
        lines: ["plan only ID and the declared instances it depends on", "(repeatable)"],
      },
      drift: {
        lines: [
          "also list live settings the spec does not declare that",
          "differ from RDS's defaults (information; nothing is sent)",
        ],
      },
      "drift-exit": {
        lines: [
          "--drift, and exit 2 when there is drift (as for changes",
          "with --detailed-exitcode)",
        ],
      },
      out: {
        value: "PLAN",
        lines: [
          "also save the plan to PLAN, for rdsctl apply PLAN,",
          "and print its SHA-256 (never holds a secret)",
        ],
      },
    },
  },
  apply: {
    synopsis: "apply [FILE|DIR...|PLAN]",
    summary:
      "create and modify instances to match the spec\n(or a plan saved with plan --out), then wait",
    head: `Usage: rdsctl apply [FILE|DIR...] [flags]
       rdsctl apply PLAN [flags]

Print the plan, ask for confirmation, then create and modify the declared
instances and wait until every touched instance is stable, and every declared
one still creating or modifying (so re-running after a wait timeout resumes
the wait). Never deletes.

`,
    tail: `FILE and DIR as for plan. PLAN is a file written by rdsctl plan --out: it is
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
    flags: {
      yes: { lines: ["do not ask for confirmation (required without a terminal)"] },
      "no-wait": { lines: ["return once the API calls are made, without waiting"] },
      json: {
        lines: [
          "NDJSON on stdout: one progress event per line, then",
          "the plan, the result and any error as the last line",
        ],
      },
      "json-document": { lines: ["with JSON, only that last document, pretty-printed"] },
      "rotate-password": { value: "ID", lines: ["send ID's master password again (repeatable)"] },
      promote: {
        value: "ID",
        lines: [
          "promote the read replica ID to a standalone instance",
          "(repeatable; never done otherwise)",
        ],
      },
      reboot: {
        lines: [
          "reboot, rolling, the instances a parameter group leaves",
          "pending-reboot (as policy.rebootWhenNeeded: true)",
        ],
      },
      "snapshot-before": {
        value: "LIST",
        lines: [
          "take a snapshot, waited until available, before these",
          "kinds of change: major-upgrade, minor-upgrade,",
          "storage-type-change, class-change, risky (comma list",
          "or repeated; as policy.snapshotBefore)",
        ],
      },
      concurrency: {
        value: "N",
        lines: ["instances whose calls are sent at the same time", "(default 10)"],
      },
      "max-parallel-downtime": {
        value: "N",
        lines: [
          "instances restarting at the same time for changes",
          "applied now (default: policy.maxParallelDowntime, else 1)",
        ],
      },
      target: {
        value: "ID",
        lines: ["apply only ID and the declared instances it depends on", "(repeatable)"],
      },
      "plan-sha256": { value: "HEX", lines: ["apply PLAN only if the file's SHA-256 is HEX"] },
    },
  },
  validate: {
    synopsis: "validate [FILE|DIR...]",
    summary: "check spec files offline",
    head: `Usage: rdsctl validate [FILE|DIR...]

Check spec files offline (no AWS calls) and list every problem with
file:line:column. FILE and DIR as for plan.

`,
    tail: `Exit codes: 0 valid; 1 invalid (every problem is printed).
`,
    flags: {
      json: { lines: ["print the result as one JSON document"] },
    },
  },
  schema: {
    synopsis: "schema",
    summary: "print the spec's JSON Schema",
    head: `Usage: rdsctl schema

Print the JSON Schema of the spec format, for editors:
  rdsctl schema > rdsctl.schema.json

`,
    tail: ``,
    flags: {},
  },
  emulator: {
    synopsis: "emulator",
    summary: "run the local RDS emulator",
    head: `Usage: rdsctl emulator [flags]

Run the local RDS emulator (RDS Query API 2014-10-31) until interrupted.
It accepts any credentials and authenticates nobody.

`,
    tail: ``,
    flags: {
      port: { value: "N", lines: ["TCP port (default 4566; 0 picks a free one)"] },
      host: { value: "HOST", lines: ["address to listen on (default 127.0.0.1)"] },
      "allow-host": {
        value: "NAME",
        lines: [
          "also serve requests whose Host header is NAME (repeatable;",
          "'*' serves any Host); others get 403",
        ],
      },
      state: { value: "FILE", lines: ["keep state in FILE across restarts"] },
      "time-scale": {
        value: "X",
        lines: [
          "multiply every lifecycle duration (default 1; 0 makes",
          "each transition happen by the next call)",
        ],
      },
      faults: {
        value: "SPEC",
        lines: ["inject faults, e.g. throttle=0.2,error=0.05,drop=0.02,latency=20ms"],
      },
      seed: { value: "N", lines: ["seed for fault injection and generated ids"] },
      deny: {
        value: "ACTION[,ACTION]",
        lines: [
          "answer these RDS actions with AccessDenied (403), as a",
          "least-privilege IAM role would (repeatable)",
        ],
      },
    },
  },
  export: {
    synopsis: "export",
    summary: "write a spec from live instances (adopt existing ones)",
    head: `Usage: rdsctl export [--id ID... | --spec NAME] [--out FILE [--force]] [--all] [flags]

Read live instances (the --id ones, those tagged rdsctl:spec=NAME with
--spec, else every instance of the region) and
write the spec a user would write for them, as YAML, to stdout or FILE: only
fields that differ from what RDS chooses by default for the engine and
version, what every instance shares under \`defaults\`, the engine version's
major (the full version when automatic minor upgrades are off), tags but
AWS's own. Passwords are never read: a managed one is
\`ManageMasterUserPassword: true\`, any other an { env: NAME } placeholder.
Without --all, values nobody chose are left out too, each named on stderr:
the region's AWS managed KMS key (aws/rds, aws/secretsmanager), a VPC's
default security group, and 30-minute backup and maintenance windows (what
RDS assigns when none is asked). Planning the written file gives "No
changes". Makes DescribeDBInstances calls (one per 100 instances; tags come
with them), the group reads, and to tell the defaults one KMS ListAliases
(when an instance has a key) and one EC2 DescribeSecurityGroups (when some
have security groups); when those two cannot be made, the values are written
and a note says which check was not made.

`,
    tail: `Exit codes: 0 written; 1 any error (an --id that does not exist, FILE exists
without --force, no instance to export).
`,
    flags: {
      id: { value: "ID", lines: ["export this instance (repeatable; default: all)"] },
      spec: {
        value: "NAME",
        lines: ["export the instances tagged rdsctl:spec=NAME (policy.markManaged)"],
      },
      out: { value: "FILE", lines: ["write the spec to FILE instead of stdout"] },
      force: { lines: ["replace FILE when it exists"] },
      all: {
        lines: [
          "write every value, also those RDS or the account picked by",
          "itself (default KMS key and security group, assigned windows)",
        ],
      },
    },
  },
  show: {
    synopsis: "show FILE... | --id ID...",
    summary: "print endpoints, ARNs, status and pending changes",
    head: `Usage: rdsctl show FILE... | --id ID... [flags]

Print each declared instance's endpoint (address and port), status, ARN and
master-secret ARN (when RDS manages the password), and any pending
modifications, without planning. Makes DescribeDBInstances calls only, and
with FILE one STS GetCallerIdentity to check the spec's account.

`,
    tail: `Exit codes: 0 shown (a declared instance that does not exist yet is listed as
such); 1 any error, including an --id that does not exist (listed, then refused).
`,
    flags: {
      id: { value: "ID", lines: ["show this instance instead of a spec's (repeatable)"] },
      json: { lines: ["print { instances: [{ id, exists, outputs, pending }] }"] },
    },
  },
  init: {
    synopsis: "init",
    summary: "write a starter spec to rdsctl.yaml",
    head: `Usage: rdsctl init [--force]

Write a commented starter spec (one small PostgreSQL instance) to rdsctl.yaml
in the current directory. Try it with: rdsctl apply --local

`,
    tail: ``,
    flags: {
      force: { lines: ["overwrite an existing rdsctl.yaml"] },
    },
  },
  local: {
    synopsis: "local status|stop|serve",
    summary: "the background emulator of --local",
    head: `Usage: rdsctl local status|stop|serve

The first --local command in a directory starts an emulator for it in the
background (pid, URL and log in .rdsctl/); later ones reuse it, and its
Postgres databases keep serving after the command has ended.

  status  the emulator's pid, URL and memory, its instances and their
          connection strings (no password in them)
  stop    end it cleanly; its state and data stay in .rdsctl/
  serve   run it in the foreground instead (what --local starts)

`,
    tail: ``,
    flags: {},
  },
};

/** Commands about rdsctl itself, listed apart from the spec's commands under Shell:. */
const SHELL_COMMANDS: Record<string, CommandText> = {
  version: {
    synopsis: "version",
    summary: "print the version (--json: as JSON)",
    head: `Usage: rdsctl version [--json]

Print rdsctl's version. rdsctl --version and -v are the same.

`,
    tail: ``,
    flags: {
      json: { lines: ["print { formatVersion, rdsctlVersion, version, node }"] },
    },
  },
  completion: {
    synopsis: "completion SHELL",
    summary: "print the completion script for bash, zsh or fish",
    head: `Usage: rdsctl completion bash|zsh|fish

Print a shell completion script for rdsctl's commands and flags, made from
the same definitions the commands parse their flags with. Load it with:
  bash:  source <(rdsctl completion bash)      (e.g. in ~/.bashrc)
  zsh:   source <(rdsctl completion zsh)       (after compinit, e.g. in ~/.zshrc)
  fish:  rdsctl completion fish > ~/.config/fish/completions/rdsctl.fish

`,
    tail: ``,
    flags: {},
  },
};

/** `  --name VALUE            first line`, further lines under the first. */
function flagLines(label: string, help: FlagHelp): string[] {
  const [first = "", ...rest] = help.lines;
  const indent = " ".repeat(26);
  const lines =
    label.length <= 22
      ? [`  ${label.padEnd(24)}${first}`]
      : [`  ${label}`, ...(first === "" ? [] : [`${indent}${first}`])];
  return [...lines, ...rest.map((l) => `${indent}${l}`)];
}

function labelOf(name: string, def: FlagDefs[string], help: FlagHelp): string {
  const short = def.short === undefined ? "" : `-${def.short}, `;
  return `${short}--${name}${help.value === undefined ? "" : ` ${help.value}`}`;
}

/**
 * A command's help: its text, then every flag of `flags` (the definitions it
 * parses with) with its help, the connection flags under Connection:. A flag
 * without help is a program error, so it cannot ship undocumented.
 */
export function commandHelp(command: string, flags: FlagDefs = {}): string {
  const text = COMMANDS[command] ?? SHELL_COMMANDS[command];
  if (text === undefined) return topHelp();
  const own: string[] = [];
  const connection: string[] = [];
  for (const doc of flagDocs(command, flags)) {
    (doc.connection ? connection : own).push(...flagLines(doc.label, doc.help));
  }
  own.push(...flagLines("-h, --help", HELP_FLAG));
  const debug = flagLines("--debug", DEBUG_FLAG);
  const sections =
    connection.length > 0
      ? `Flags:\n${own.join("\n")}\n\nConnection:\n${[...connection, ...debug].join("\n")}\n`
      : `Flags:\n${[...own, ...debug].join("\n")}\n`;
  const common = "\nEvery command also takes --no-color and --quiet (see rdsctl --help).\n";
  return `${text.head}${sections}${common}${text.tail === "" ? "" : `\n${text.tail}`}`;
}

/** One flag as help and completion show it. */
export interface FlagDoc {
  name: string;
  short?: string;
  /** The placeholder of its value (FILE, ID, N...); absent for a switch. */
  value?: string;
  /** Listed under Connection: in the command's help. */
  connection: boolean;
  label: string;
  help: FlagHelp;
}

/**
 * A command's own flags (the definitions it parses with) with their help, in
 * order, then, with `common`, the flags every command takes. A flag without
 * help is a program error, so it cannot ship undocumented.
 */
export function flagDocs(command: string, flags: FlagDefs, common = false): FlagDoc[] {
  const text = COMMANDS[command] ?? SHELL_COMMANDS[command];
  const docs: FlagDoc[] = [];
  const all: FlagDefs = common ? { ...flags, ...COMMON_FLAGS } : flags;
  for (const [name, def] of Object.entries(all)) {
    const shared = CONNECTION_HELP[name];
    const help =
      shared ??
      text?.flags[name] ??
      VAR_HELP[name] ??
      (COMMON_HELP as Record<string, FlagHelp | undefined>)[name];
    if (help === undefined) throw new Error(`rdsctl ${command}: flag --${name} has no help text`);
    docs.push({
      name,
      ...(def.short === undefined ? {} : { short: def.short }),
      ...(help.value === undefined ? {} : { value: help.value }),
      connection: shared !== undefined,
      label: labelOf(name, def, help),
      help,
    });
  }
  return docs;
}

/** The names of the commands, in the order `rdsctl --help` lists them. */
export const COMMAND_NAMES = Object.keys(COMMANDS);

/** The commands about rdsctl itself (version, completion), listed under Shell:. */
export const SHELL_COMMAND_NAMES = Object.keys(SHELL_COMMANDS);

/** A command's synopsis and the first line of its summary, for completion. */
export function commandOutline(command: string): { synopsis: string; summary: string } {
  const text = COMMANDS[command] ?? SHELL_COMMANDS[command];
  return {
    synopsis: text?.synopsis ?? command,
    summary: (text?.summary ?? "").split("\n")[0] ?? "",
  };
}

export function topHelp(): string {
  const all = { ...COMMANDS, ...SHELL_COMMANDS };
  const width = Math.max(...Object.values(all).map((c) => c.synopsis.length)) + 2;
  const listOf = (names: string[]) =>
    names.map((name) => {
      const c = all[name];
      const [first = "", ...rest] = (c?.summary ?? "").split("\n");
      const more = rest.map((line) => `\n  ${" ".repeat(width)}${line.trim()}`).join("");
      return `  ${(c?.synopsis ?? name).padEnd(width)}${first}${more}`;
    });
  const flags = Object.entries(COMMON_FLAGS).flatMap(([name, def]) => {
    const help = COMMON_HELP[name as keyof typeof COMMON_FLAGS];
    return flagLines(labelOf(name, def, help), help);
  });
  return `Usage: rdsctl <command> [flags]

Declarative, idempotent management of AWS RDS DB instances from a YAML spec.

Commands:
${listOf(COMMAND_NAMES).join("\n")}

Shell:
${listOf(SHELL_COMMAND_NAMES).join("\n")}

FILE defaults to rdsctl.yaml; a directory means every spec file in it.

Flags (every command):
${flags.join("\n")}
  -v, --version           print the version (with --json, as JSON)

Try it without an AWS account:
  rdsctl init && rdsctl apply --local
`;
}

export function unknownCommandMessage(command: string): string {
  if (command.startsWith("-")) {
    return `unknown flag ${escapeText(command)}; flags go after the command (see rdsctl --help)`;
  }
  return `unknown command "${escapeText(command)}"; commands are ${[...COMMAND_NAMES, ...SHELL_COMMAND_NAMES].join(", ")} (see rdsctl --help)`;
}
