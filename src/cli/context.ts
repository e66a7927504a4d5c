/**
 * How a command that did not fail ended: `changes` is what `plan
 * --detailed-exitcode` reports when something would change. A command that
 * fails throws; main.ts turns both into exit codes.
 */
export type CommandOutcome = "done" | "changes";

/**
 * What a command needs from the process: output streams, whether they are
 * terminals, colour, the environment and the working directory. Commands get
 * it as a value so the process is touched in one place.
 */
export interface CommandContext {
  out(text: string): void;
  err(text: string): void;
  /** Colour on stdout / stderr: a terminal, and NO_COLOR not set. */
  color: boolean;
  errColor: boolean;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Terminal widths, when stdout / stderr are terminals. */
  stdoutColumns?: number;
  stderrColumns?: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Register a secret value: it is masked in anything written afterwards. */
  addSecret(value: string): void;
  /** The standard input stream, for the confirmation prompt. */
  stdin: NodeJS.ReadableStream;
  /** Called on SIGINT/SIGTERM; returns a function that removes the handler. */
  onSignal(handler: (signal: NodeJS.Signals) => void): () => void;
  /**
   * `--quiet`: plan, apply and validate print only their final line on
   * stdout, and `err` carries no notes or warnings (errors are reported
   * by main.ts on the process's stderr).
   */
  quiet?: boolean;
  /** Where a question to the person goes when not `out`/`err` as usual (`--quiet`: stderr). */
  prompt?: (text: string) => void;
}

/** The options every command takes that change its context, read before the command parses its flags. */
export function applyOutputFlags(ctx: CommandContext, argv: readonly string[]): CommandContext {
  // Arguments after `--` are files, not flags.
  const end = argv.indexOf("--");
  const flags = end === -1 ? argv : argv.slice(0, end);
  const noColor = flags.includes("--no-color");
  const quiet = flags.includes("--quiet");
  if (!noColor && !quiet) return ctx;
  return {
    ...ctx,
    ...(noColor ? { color: false, errColor: false } : {}),
    ...(quiet ? { quiet: true, err: () => {}, prompt: ctx.err } : {}),
  };
}

/** Colour is for people: only a terminal, never with NO_COLOR or TERM=dumb. */
export function wantsColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0")
    return true;
  return isTTY && env.TERM !== "dumb";
}

/** encodeURIComponent plus the RFC 3986 reserved characters it leaves alone (`!'()*`). */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The forms a password can take in text: as is, JSON-escaped, percent-encoded (plain
 * encodeURIComponent and RFC 3986) and form-encoded (`+` for a space), each
 * with upper- and lower-case hex digits, since error messages and URLs echo
 * request bodies in any of them.
 */
function encodedForms(value: string): string[] {
  const percent = [encodeURIComponent(value), rfc3986(value)];
  // URLSearchParams (HTML form encoding) escapes `!'()` but not `*`.
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  const forms = [...percent, ...percent.map((p) => p.replace(/%20/g, "+")), form];
  const lower = forms.map((f) => f.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
  // Inside a JSON string a quote or backslash is escaped.
  const json = JSON.stringify(value).slice(1, -1);
  return [...new Set([value, json, ...forms, ...lower])];
}

/** Replaces every registered secret, in any of its encoded forms, by "(sensitive)". */
export function createMasker(): { add(value: string): void; mask(text: string): string } {
  // Longest first, so an encoded form is not half-masked by a shorter one inside it.
  // Sorted when a secret is added, not on every write.
  let ordered: string[] = [];
  return {
    // Very short values would mask ordinary words; RDS passwords have at least 8 characters.
    add: (value) => {
      if (value.length < 4) return;
      const forms = new Set([...ordered, ...encodedForms(value)]);
      ordered = [...forms].sort((a, b) => b.length - a.length);
    },
    mask: (text) => {
      let masked = text;
      for (const secret of ordered) masked = masked.split(secret).join("(sensitive)");
      return masked;
    },
  };
}

export function createContext(): CommandContext {
  const masker = createMasker();
  const stdoutIsTTY = process.stdout.isTTY === true;
  const stderrIsTTY = process.stderr.isTTY === true;
  return {
    out: (text) => {
      process.stdout.write(masker.mask(text));
    },
    err: (text) => {
      process.stderr.write(masker.mask(text));
    },
    color: wantsColor(stdoutIsTTY, process.env),
    errColor: wantsColor(stderrIsTTY, process.env),
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY,
    stderrIsTTY,
    ...(stdoutIsTTY ? { stdoutColumns: process.stdout.columns } : {}),
    ...(stderrIsTTY ? { stderrColumns: process.stderr.columns } : {}),
    env: process.env,
    cwd: process.cwd(),
    addSecret: masker.add,
    stdin: process.stdin,
    onSignal: (handler) => {
      process.on("SIGINT", handler);
      process.on("SIGTERM", handler);
      return () => {
        process.off("SIGINT", handler);
        process.off("SIGTERM", handler);
      };
    },
  };
}
