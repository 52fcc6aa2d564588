import Foundation

/// A usage error or a benchmark that could not start, with the message to print.
struct BenchmarkError: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}

/// The `--name value` options of one command.
struct BenchmarkOptions {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) throws {
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            guard name.hasPrefix("--"), index + 1 < arguments.count else {
                throw BenchmarkError("invalid argument '\(name)'; write options as --name value")
            }
            values[String(name.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
    }

    func string(_ name: String) throws -> String {
        guard let value = values[name], !value.isEmpty else { throw BenchmarkError("missing option --\(name)") }
        return value
    }

    func string(_ name: String, default defaultValue: String) -> String {
        values[name] ?? defaultValue
    }

    func positiveInteger(_ name: String) throws -> Int {
        let text = try string(name)
        guard let value = Int(text), value > 0 else {
            throw BenchmarkError("invalid --\(name) '\(text)'; write a positive integer")
        }
        return value
    }

    func positiveSeconds(_ name: String, default defaultValue: Double) throws -> Double {
        guard let text = values[name] else { return defaultValue }
        guard let value = Double(text), value > 0 else {
            throw BenchmarkError("invalid --\(name) '\(text)'; write a positive number of seconds")
        }
        return value
    }

    static func environment(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw BenchmarkError("the environment variable \(name) is not set")
        }
        return value
    }
}
