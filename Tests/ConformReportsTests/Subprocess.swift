import Foundation

/// Runs a program to completion and keeps what it printed.
struct Subprocess {
    let status: Int32
    let standardOutput: String
    let standardError: String

    /// Runs `executable` with `arguments`. Output goes through files, not pipes, so a program that
    /// prints more than a pipe buffer cannot block.
    static func run(_ executable: String, _ arguments: [String]) throws -> Subprocess {
        let folder = try TemporaryFolder()
        let outputPath = folder.path("stdout")
        let errorPath = folder.path("stderr")
        try Data().write(to: URL(fileURLWithPath: outputPath))
        try Data().write(to: URL(fileURLWithPath: errorPath))
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let error = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        defer {
            try? output.close()
            try? error.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()

        return Subprocess(
            status: process.terminationStatus,
            standardOutput: try String(contentsOfFile: outputPath, encoding: .utf8),
            standardError: try String(contentsOfFile: errorPath, encoding: .utf8))
    }
}
