/// The text of `--help` for each command.
enum HelpText {
    static let overview = """
        conform: run declarative conformance scenarios against a real stack.

        Usage:
          conform run <files or folders> [options]     run scenarios, write JUnit XML and DEV reports
          conform validate <files or folders>          check scenarios without touching the network
          conform plan <files> [--format text|dot]     show the step graph: stages, parallel branches, deadlines
          conform schema                               print the JSON Schema of the scenario language
          conform help <command>                       show the options of a command
          conform --version

        Exit codes: 0 all passed, 1 a scenario failed or errored, 2 usage error or invalid
        scenario (nothing ran), 130 interrupted.
        """

    static let run = """
        Usage: conform run <files or folders> [options]

        Runs every scenario (*.yaml, *.yml; folders are searched recursively, in name order).
        All files are validated first; if any is invalid, nothing runs and the exit code is 2.

        Options:
          --env-file FILE     read variables in .env syntax (NAME=value); repeatable, later files win
                              over earlier ones and over the process environment
          --var NAME=VALUE    set a scenario variable, overriding its 'vars' entry; repeatable
          --junit FILE        write JUnit XML for all scenarios to FILE
          --report-dir DIR    folder for DEV_<REPORT>_<YYYYMMDD>.md reports (default: Reports)
          --date YYYY-MM-DD   date used in report names (default: today, local time)
          --overwrite         replace a report of the same name instead of writing _2, _3, …
          --quiet, -q         print only failures and the summary
          --verbose, -v       also print every poll attempt and the last exchange of each step
          --help, -h          show this text

        Colour is used only on a terminal and never when NO_COLOR is set.
        """

    static let validate = """
        Usage: conform validate <files or folders> [options]

        Checks scenarios: YAML syntax, keys, types, durations, the step graph and template variables.
        Sends nothing over the network. Prints every problem with file:line:col.

        Options:
          --env-file FILE     also check that every ${env.NAME} without a default is set in these files
                              (or the process environment); repeatable
          --var NAME=VALUE    a variable that 'run' would get, so its ${env.…} references are not checked
          --quiet, -q         print only problems
          --help, -h          show this text
        """

    static let plan = """
        Usage: conform plan <files or folders> [--format text|dot]

        Validates the scenarios, then prints each step graph without running anything: the stages in
        which steps start (steps of one stage run at the same time), what each step waits for, its
        poll interval and deadlines, and the scenario timeout.

        Options:
          --format text       a readable outline (default)
          --format dot        Graphviz DOT; render with: conform plan FILE --format dot | dot -Tsvg > plan.svg
          --help, -h          show this text
        """

    static let schema = """
        Usage: conform schema

        Prints a JSON Schema (draft 2020-12) of the scenario language to standard output, for editors:
          conform schema > conform.schema.json
        then point the YAML extension of your editor at it (see README). The schema checks keys and
        shapes; 'conform validate' also checks the step graph and the variables.
        """

    static func text(for command: String?) -> String {
        switch command {
        case "run": return run
        case "validate": return validate
        case "plan": return plan
        case "schema": return schema
        default: return overview
        }
    }
}
