import ConformLanguage
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

setvbuf(stdout, nil, _IOLBF, 0)
let arguments = Array(CommandLine.arguments.dropFirst())
let exitCode: Int32

do {
    let options = try CommandLineOptions.parse(arguments)
    switch options.command {
    case .help(let command):
        print(HelpText.text(for: command))
        exitCode = 0
    case .version:
        print("conform \(Conform.version)")
        exitCode = 0
    case .validate:
        exitCode = ValidateCommand(options: options).run()
    case .run:
        exitCode = RunCommand(options: options, arguments: arguments).run()
    case .plan:
        exitCode = PlanCommand(options: options).run()
    case .schema:
        print(ScenarioSchema.json)
        exitCode = 0
    }
} catch {
    Conform.printError("error: \(error.message)")
    Conform.printError(error.command.map { "Run 'conform help \($0)' for its options." } ?? "Run 'conform --help' for usage.")
    exitCode = 2
}
exit(exitCode)
