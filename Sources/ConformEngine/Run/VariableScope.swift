import ConformLanguage
import Foundation

/// The values templates read during a run: variables, captures and the environment.
///
/// Shared by the steps of one scenario, which run on several threads.
final class VariableScope: @unchecked Sendable {
    /// A reference that has no value, reported as the step's error.
    struct UndefinedReference: Error, CustomStringConvertible {
        var description: String
    }

    private let lock = NSLock()
    private var values: [String: String] = [:]
    /// Variables whose value could not be computed, with the reason.
    private var failures: [String: String] = [:]
    let environment: [String: String]

    init(environment: [String: String]) {
        self.environment = environment
    }

    func set(_ name: String, _ value: String) {
        lock.lock()
        defer { lock.unlock() }
        values[name] = value
        failures[name] = nil
    }

    func setFailure(_ name: String, _ reason: String) {
        lock.lock()
        defer { lock.unlock() }
        failures[name] = reason
    }

    func value(_ name: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return values[name]
    }

    /// Renders `template`; response names (`json.status`, `count`) come from `observation` when given.
    func render(_ template: Template, observation: Observation? = nil) throws(UndefinedReference) -> String {
        var output = ""
        for part in template.parts {
            switch part {
            case .literal(let text):
                output += text
            case .reference(.environment(let name, let fallback), _):
                if let value = environment[name], !(value.isEmpty && fallback != nil) {
                    output += value
                } else if let fallback {
                    output += fallback
                } else {
                    throw UndefinedReference(description: "environment variable \(name) is not set; export it or pass --env-file")
                }
            case .reference(.variable(let name), _):
                output += try lookup(name, observation: observation)
            }
        }
        return output
    }

    private func lookup(_ name: String, observation: Observation?) throws(UndefinedReference) -> String {
        let root = Template.rootName(name)
        if Observation.responseNames.contains(root) {
            guard let observation else {
                throw UndefinedReference(description: "'${\(name)}' reads a response, and this step has none yet")
            }
            guard let value = observation.value(named: name) else {
                throw UndefinedReference(description: "'\(name)' is not in the response")
            }
            return value.text
        }

        lock.lock()
        defer { lock.unlock() }
        if let value = values[root], root == name { return value }
        if let value = values[root] {
            // `${job.id}` on a captured JSON text reads into it.
            let rest = name.dropFirst(root.count)
            let pathText = rest.hasPrefix(".") ? String(rest.dropFirst()) : String(rest)
            if let json = try? JSONParser.parse(value), let path = try? JSONPath(parsing: pathText),
                let inner = path.value(in: json)
            {
                return inner.text
            }
            throw UndefinedReference(description: "'\(name)' is not inside the value of '\(root)'")
        }
        if let failure = failures[root] {
            throw UndefinedReference(description: "variable '\(root)' has no value: \(failure)")
        }
        throw UndefinedReference(description: "undefined variable '\(root)'")
    }
}
