import Foundation

/// A reference stack (S3 server and dedup2d service) started for one test and stopped by it.
///
/// It runs `Fixtures/stack/stackctl.py` from the stack's virtual environment, which `make test`
/// creates; without it, `start` throws a message saying so.
public final class ReferenceStack: @unchecked Sendable {
    public struct StartError: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    public let stateDirectory: URL
    /// The variables of the stack's env file.
    public let environment: [String: String]

    public var envFile: String { stateDirectory.appendingPathComponent("stack.env").path }

    private init(stateDirectory: URL, environment: [String: String]) {
        self.stateDirectory = stateDirectory
        self.environment = environment
    }

    /// Starts a stack with the given `stackctl.py start` options, such as `["--fault", "keep-uploads"]`.
    public static func start(_ options: [String] = []) throws -> ReferenceStack {
        let python = Repository.root.appendingPathComponent("Fixtures/stack/.venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw StartError(description: "the reference stack's venv is missing at \(python); run 'make test' (or scripts/bootstrap.sh) first")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conform-stack-\(UUID().uuidString)")
        let script = Repository.root.appendingPathComponent("Fixtures/stack/stackctl.py").path
        let started = try Subprocess.run(python, [script, "start", "--state-dir", folder.path] + options)
        guard started.status == 0 else {
            _ = try? Subprocess.run(python, [script, "stop", "--state-dir", folder.path])
            throw StartError(description: "stackctl.py start failed (\(started.status)):\n\(started.output)\(started.error)")
        }

        let text = try String(contentsOf: folder.appendingPathComponent("stack.env"), encoding: .utf8)
        var environment: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            environment[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return ReferenceStack(stateDirectory: folder, environment: environment)
    }

    /// One healthy stack shared by the tests of this process, started on first use and stopped when
    /// the process exits. Tests that share it must use their own key prefixes.
    ///
    /// It allows 20 pending or running jobs instead of the stack's default 3, because tests submit
    /// to it at the same time and none of them is about the queue limit.
    public static func shared() throws -> ReferenceStack {
        try sharedLock.withLock {
            if let stack = sharedStack { return stack }
            let stack = try start(["--max-jobs", "20"])
            sharedStack = stack
            atexit { ReferenceStack.stopShared() }
            return stack
        }
    }

    private static let sharedLock = NSLock()
    nonisolated(unsafe) private static var sharedStack: ReferenceStack?

    private static func stopShared() {
        sharedStack?.stop()
    }

    /// Stops exactly the processes this stack started.
    public func stop() {
        let python = Repository.root.appendingPathComponent("Fixtures/stack/.venv/bin/python").path
        let script = Repository.root.appendingPathComponent("Fixtures/stack/stackctl.py").path
        _ = try? Subprocess.run(python, [script, "stop", "--state-dir", stateDirectory.path])
    }

    deinit {
        stop()
    }
}

/// Paths inside the repository, found from this file's location.
public enum Repository {
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// The conform executable that `swift build` produced beside the test bundle.
    public static var conformExecutable: URL {
        let bundle = Bundle.main.bundleURL
        let candidates = [
            bundle.appendingPathComponent("conform"), bundle.deletingLastPathComponent().appendingPathComponent("conform"),
            root.appendingPathComponent(".build/debug/conform"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }
}

/// Runs a program to completion and collects its output.
public enum Subprocess {
    public struct Output: Sendable {
        public var status: Int32
        public var output: String
        public var error: String
    }

    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }

        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("conform-out-\(UUID().uuidString)")
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("conform-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        // Files rather than pipes, so a chatty child never blocks on a full pipe buffer.
        let outputHandle = try FileHandle(forWritingTo: outputFile)
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        process.standardInput = FileHandle.nullDevice

        try process.run()
        process.waitUntilExit()
        try outputHandle.close()
        try errorHandle.close()
        return Output(
            status: process.terminationStatus,
            output: (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "",
            error: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
    }
}
