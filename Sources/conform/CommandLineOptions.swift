/// The parsed command line.
struct CommandLineOptions {
    enum Command {
        case run
        case validate
        case plan
        case schema
        case help(String?)
        case version
    }

    var command: Command
    var paths: [String] = []
    var envFiles: [String] = []
    var variables: [(String, String)] = []
    var junitPath: String?
    var reportDirectory = "Reports"
    var reportDate: String?
    var overwrite = false
    var quiet = false
    var verbose = false
    /// `plan --format`: text or dot.
    var format = "text"

    struct UsageError: Error {
        var message: String
        var command: String?
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> CommandLineOptions {
        guard let first = arguments.first else { return CommandLineOptions(command: .help(nil)) }
        var options: CommandLineOptions
        switch first {
        case "run": options = CommandLineOptions(command: .run)
        case "validate": options = CommandLineOptions(command: .validate)
        case "plan": options = CommandLineOptions(command: .plan)
        case "schema": options = CommandLineOptions(command: .schema)
        case "help", "--help", "-h": return CommandLineOptions(command: .help(arguments.dropFirst().first))
        case "--version", "version": return CommandLineOptions(command: .version)
        default:
            let suggestion = ["run", "validate", "plan", "schema", "help"].first { $0.hasPrefix(first.prefix(2)) }
            throw UsageError(
                message: "unknown command '\(first)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), command: nil)
        }
        let name = first

        var index = 1
        func value(for option: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                throw UsageError(message: "option '\(option)' needs a value", command: name)
            }
            return arguments[index]
        }

        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--help", "-h": return CommandLineOptions(command: .help(name))
            case "--env-file": options.envFiles.append(try value(for: argument))
            case "--var":
                let pair = try value(for: argument)
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw UsageError(message: "invalid --var '\(pair)': write --var name=value", command: name)
                }
                options.variables.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
            case "--junit" where name == "run": options.junitPath = try value(for: argument)
            case "--report-dir" where name == "run": options.reportDirectory = try value(for: argument)
            case "--date" where name == "run":
                let date = try value(for: argument)
                guard date.count == 10, date.split(separator: "-").count == 3,
                    date.allSatisfy({ $0.isNumber || $0 == "-" })
                else {
                    throw UsageError(message: "invalid --date '\(date)': write YYYY-MM-DD", command: name)
                }
                options.reportDate = date
            case "--overwrite" where name == "run": options.overwrite = true
            case "--format" where name == "plan":
                let format = try value(for: argument)
                guard ["text", "dot"].contains(format) else {
                    throw UsageError(message: "invalid --format '\(format)': write text or dot", command: name)
                }
                options.format = format
            case "--quiet", "-q": options.quiet = true
            case "--verbose", "-v": options.verbose = true
            default:
                if argument.hasPrefix("-") {
                    throw UsageError(message: "unknown option '\(argument)' for '\(name)'", command: name)
                }
                options.paths.append(argument)
            }
            index += 1
        }
        if name == "schema" {
            guard options.paths.isEmpty else {
                throw UsageError(message: "'schema' takes no files; it prints the schema to standard output", command: name)
            }
            return options
        }
        if options.paths.isEmpty {
            throw UsageError(message: "'\(name)' needs at least one scenario file or folder", command: name)
        }
        if options.quiet && options.verbose {
            throw UsageError(message: "--quiet and --verbose cannot be combined", command: name)
        }
        return options
    }
}
