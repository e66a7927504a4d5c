import type { FlagDoc } from "./help.js";

/*
 * Shell completion scripts for bash, zsh and fish, made from what the
 * commands parse and their help says: each command's flags (its FLAGS and
 * the common ones, through help.ts flagDocs), the placeholder of each
 * flag's value, and the command's synopsis for what its arguments are.
 */

/** One command as completion sees it. */
export interface CompletionCommand {
  name: string;
  summary: string;
  synopsis: string;
  flags: FlagDoc[];
}

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** What a value or an argument completes to: file names, a fixed set of words, or nothing. */
type Completes = { files: true } | { words: readonly string[] } | undefined;

/** Placeholders whose values are known words (the help's `standard | adaptive`, the shells). */
const WORDS: Record<string, readonly string[]> = {
  MODE: ["standard", "adaptive"],
  SHELL: SHELLS,
};

function valueCompletes(placeholder: string | undefined): Completes {
  if (placeholder === undefined) return undefined;
  if (placeholder === "FILE" || placeholder === "PLAN" || placeholder === "DIR") {
    return { files: true };
  }
  const words = WORDS[placeholder];
  return words === undefined ? undefined : { words };
}

/** A command's arguments, from its synopsis: spec files, one of a set of words, or none. */
function argumentsComplete(synopsis: string): Completes {
  if (/\bFILE\b/.test(synopsis)) return { files: true };
  for (const [placeholder, words] of Object.entries(WORDS)) {
    if (new RegExp(`\\b${placeholder}\\b`).test(synopsis)) return { words };
  }
  return undefined;
}

function flagWords(doc: FlagDoc): string[] {
  return [`--${doc.name}`, ...(doc.short === undefined ? [] : [`-${doc.short}`])];
}

/** Help text as one line, for the shells that show descriptions. */
function description(doc: FlagDoc): string {
  return doc.help.lines.join(" ").replace(/\s+/g, " ").trim();
}

function bash(commands: readonly CompletionCommand[]): string {
  const names = commands.map((c) => c.name).join(" ");
  const flagCases: string[] = [];
  const valueCases: string[] = [];
  for (const c of commands) {
    const args = argumentsComplete(c.synopsis);
    const argLine =
      args === undefined
        ? "args=none"
        : "files" in args
          ? "args=files"
          : `args=words; words="${args.words.join(" ")}"`;
    flagCases.push(`    ${c.name}) flags="${c.flags.flatMap(flagWords).join(" ")}"; ${argLine} ;;`);
    for (const doc of c.flags) {
      if (doc.value === undefined) continue;
      const completes = valueCompletes(doc.value);
      const reply =
        completes === undefined
          ? "COMPREPLY=()"
          : "files" in completes
            ? `COMPREPLY=($(compgen -f -- "$cur"))`
            : `COMPREPLY=($(compgen -W "${completes.words.join(" ")}" -- "$cur"))`;
      valueCases.push(`    "${c.name} --${doc.name}") ${reply}; return ;;`);
    }
  }
  return `# rdsctl completion for bash. Load it with: source <(rdsctl completion bash)
_rdsctl() {
  local cur prev cmd i flags args words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev=""
  if ((COMP_CWORD > 0)); then prev="\${COMP_WORDS[COMP_CWORD - 1]}"; fi
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
    -*) ;;
    *)
      cmd="\${COMP_WORDS[i]}"
      break
      ;;
    esac
  done
  if [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W "${names} --help --version" -- "$cur"))
    return
  fi
  case "$cmd $prev" in
${valueCases.join("\n")}
  esac
  flags=""
  args=none
  words=""
  case "$cmd" in
${flagCases.join("\n")}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  elif [[ "$args" == files ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
  elif [[ "$args" == words ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  else
    COMPREPLY=()
  fi
}
complete -F _rdsctl rdsctl
`;
}

/** A single-quoted zsh/bash word. */
function quoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Text inside a zsh _arguments description: no brackets or colons of its own. */
function zshDescription(text: string): string {
  return text.replace(/\[/g, "(").replace(/\]/g, ")").replace(/:/g, "\\:");
}

function zshAction(completes: Completes): string {
  if (completes === undefined) return " ";
  return "files" in completes ? "_files" : `(${completes.words.join(" ")})`;
}

function zsh(commands: readonly CompletionCommand[]): string {
  const list = commands.map((c) => `    ${quoted(`${c.name}:${c.summary.replace(/:/g, "\\:")}`)}`);
  const cases = commands.map((c) => {
    const specs = c.flags.flatMap((doc) => {
      const repeat = doc.help.lines.join(" ").includes("(repeatable") ? "*" : "";
      const desc = zshDescription(description(doc));
      const value =
        doc.value === undefined ? "" : `:${doc.value}:${zshAction(valueCompletes(doc.value))}`;
      return flagWords(doc).map((word) =>
        quoted(`${repeat}${word}${doc.value === undefined ? "" : "="}[${desc}]${value}`),
      );
    });
    const args = argumentsComplete(c.synopsis);
    if (args !== undefined) specs.push(quoted(`*:argument:${zshAction(args)}`));
    return `    ${c.name})\n      _arguments -s \\\n        ${specs.join(" \\\n        ")}\n      ;;`;
  });
  return `#compdef rdsctl
# rdsctl completion for zsh. Load it with: source <(rdsctl completion zsh) (after compinit)
_rdsctl() {
  local -a commands
  commands=(
${list.join("\n")}
  )
  if ((CURRENT == 2)); then
    _describe -t commands 'rdsctl command' commands
    return
  fi
  local cmd=\${words[2]}
  shift 1 words
  ((CURRENT--))
  case $cmd in
${cases.join("\n")}
  esac
}
compdef _rdsctl rdsctl
`;
}

/** A single-quoted fish string. */
function fishQuoted(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function fish(commands: readonly CompletionCommand[]): string {
  const lines = [
    "# rdsctl completion for fish. Load it with:",
    "#   rdsctl completion fish > ~/.config/fish/completions/rdsctl.fish",
    "complete -c rdsctl -f",
  ];
  for (const c of commands) {
    lines.push(
      `complete -c rdsctl -n __fish_use_subcommand -a ${c.name} -d ${fishQuoted(c.summary)}`,
    );
  }
  for (const c of commands) {
    const when = `-n ${fishQuoted(`__fish_seen_subcommand_from ${c.name}`)}`;
    for (const doc of c.flags) {
      const short = doc.short === undefined ? "" : ` -s ${doc.short}`;
      const completes = valueCompletes(doc.value);
      const value =
        doc.value === undefined
          ? ""
          : completes === undefined
            ? " -x"
            : "files" in completes
              ? " -r -F"
              : ` -x -a ${fishQuoted(completes.words.join(" "))}`;
      lines.push(
        `complete -c rdsctl ${when}${short} -l ${doc.name}${value} -d ${fishQuoted(description(doc))}`,
      );
    }
    const args = argumentsComplete(c.synopsis);
    if (args !== undefined) {
      lines.push(
        "files" in args
          ? `complete -c rdsctl ${when} -F`
          : `complete -c rdsctl ${when} -a ${fishQuoted(args.words.join(" "))}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The completion script for `shell`. */
export function completionScript(shell: Shell, commands: readonly CompletionCommand[]): string {
  if (shell === "bash") return bash(commands);
  if (shell === "zsh") return zsh(commands);
  return fish(commands);
}
