import Foundation

/// A condition on one observed value: the right-hand side of an expectation.
public indirect enum Matcher: Sendable {
    /// Equal to a scalar. A plain scalar compares in the type of the actual value (`200` equals the
    /// number 200 and the string "200"); a quoted one is always a string.
    case equals(Template, plain: Bool)
    /// Deep equality with a JSON value written as a YAML mapping or list.
    case equalsJSON(JSONTemplate)
    case oneOf([Matcher])
    case matches(Template)
    case glob(Template)
    case contains(Template)
    case exists
    case absent
    case minimum(Double)
    case maximum(Double)
    case type(String)
    case length(Matcher)
    case allMatch(Matcher)
    case anyMatch(Matcher)
    case noneMatch(Matcher)
    case not(Matcher)
    case all([Matcher])

    public static let typeNames = ["null", "boolean", "number", "integer", "string", "array", "object"]

    /// The outcome of a matcher against a value.
    public struct Outcome: Sendable {
        public var passed: Bool
        /// The expectation in words, with templates resolved: `equals "completed"`, `>= 1`.
        public var expected: String
    }

    /// Every template inside, for validation.
    public var templates: [Template] {
        switch self {
        case .equals(let template, _), .matches(let template), .glob(let template), .contains(let template):
            return [template]
        case .equalsJSON(let json): return json.templates
        case .oneOf(let matchers), .all(let matchers): return matchers.flatMap(\.templates)
        case .length(let inner), .allMatch(let inner), .anyMatch(let inner), .noneMatch(let inner), .not(let inner):
            return inner.templates
        case .exists, .absent, .minimum, .maximum, .type: return []
        }
    }

    /// Evaluates the matcher against `actual` (nil when the value is missing).
    ///
    /// Throws only what `render` throws, such as an undefined variable.
    public func evaluate<E: Error>(_ actual: JSONValue?, render: (Template) throws(E) -> String) throws(E) -> Outcome {
        switch self {
        case .exists:
            return Outcome(passed: actual != nil, expected: "exists")
        case .absent:
            return Outcome(passed: actual == nil, expected: "absent")
        case .not(let inner):
            let outcome = try inner.evaluate(actual, render: render)
            return Outcome(passed: !outcome.passed, expected: "not \(outcome.expected)")
        case .all(let matchers):
            var expected: [String] = []
            var passed = true
            for matcher in matchers {
                let outcome = try matcher.evaluate(actual, render: render)
                expected.append(outcome.expected)
                passed = passed && outcome.passed
            }
            return Outcome(passed: passed, expected: expected.joined(separator: " and "))
        case .oneOf(let matchers):
            var expected: [String] = []
            var passed = false
            for matcher in matchers {
                let outcome = try matcher.evaluate(actual, render: render)
                expected.append(outcome.expected.replacingOccurrences(of: "equals ", with: ""))
                passed = passed || outcome.passed
            }
            return Outcome(passed: passed, expected: "one of [\(expected.joined(separator: ", "))]")
        default:
            break
        }

        guard let actual else {
            return Outcome(passed: false, expected: try describe(render: render))
        }
        return Outcome(passed: try test(actual, render: render), expected: try describe(render: render))
    }

    private func describe<E: Error>(render: (Template) throws(E) -> String) throws(E) -> String {
        switch self {
        case .equals(let template, let plain):
            let text = try render(template)
            return plain ? "equals \(text)" : "equals \(JSONValue.quote(text))"
        case .equalsJSON(let json): return "equals \(try json.resolve(render).compactJSON)"
        case .matches(let template): return "matches /\(try render(template))/"
        case .glob(let template): return "matches glob \(JSONValue.quote(try render(template)))"
        case .contains(let template): return "contains \(JSONValue.quote(try render(template)))"
        case .minimum(let value): return ">= \(Matcher.format(value))"
        case .maximum(let value): return "<= \(Matcher.format(value))"
        case .type(let name): return "of type \(name)"
        case .length(let inner): return "length \(try inner.evaluate(.number("0"), render: render).expected)"
        case .allMatch(let inner): return "each item \(try inner.describe(render: render))"
        case .anyMatch(let inner): return "at least one item \(try inner.describe(render: render))"
        case .noneMatch(let inner): return "no item \(try inner.describe(render: render))"
        case .exists, .absent, .not, .all, .oneOf:
            return try evaluate(nil, render: render).expected
        }
    }

    private func test<E: Error>(_ actual: JSONValue, render: (Template) throws(E) -> String) throws(E) -> Bool {
        switch self {
        case .equals(let template, let plain):
            return Matcher.scalarEquals(actual, try render(template), plain: plain)
        case .equalsJSON(let json):
            return actual == (try json.resolve(render))
        case .matches(let template):
            let pattern = try render(template)
            guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
            let text = actual.text
            return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        case .glob(let template):
            return Glob(try render(template)).matches(actual.text)
        case .contains(let template):
            let needle = try render(template)
            if case .array(let items) = actual { return items.contains { Matcher.scalarEquals($0, needle, plain: true) } }
            return actual.text.contains(needle)
        case .minimum(let bound):
            return Matcher.number(actual).map { $0 >= bound } ?? false
        case .maximum(let bound):
            return Matcher.number(actual).map { $0 <= bound } ?? false
        case .type(let name):
            if name == "integer", case .number(let text) = actual { return Double(text).map { $0 == $0.rounded() } ?? false }
            return actual.typeName == name
        case .length(let inner):
            let count: Int
            switch actual {
            case .array(let items): count = items.count
            case .object(let members): count = members.count
            case .string(let text): count = text.count
            default: return false
            }
            return try inner.evaluate(.number(String(count)), render: render).passed
        case .allMatch(let inner):
            guard case .array(let items) = actual else { return false }
            for item in items where !(try inner.evaluate(item, render: render).passed) { return false }
            return true
        case .anyMatch(let inner):
            guard case .array(let items) = actual else { return false }
            for item in items where try inner.evaluate(item, render: render).passed { return true }
            return false
        case .noneMatch(let inner):
            guard case .array(let items) = actual else { return false }
            for item in items where try inner.evaluate(item, render: render).passed { return false }
            return true
        case .exists, .absent, .not, .all, .oneOf:
            return try evaluate(actual, render: render).passed
        }
    }

    static func scalarEquals(_ actual: JSONValue, _ expected: String, plain: Bool) -> Bool {
        switch actual {
        case .string(let text): return text == expected
        case .number(let text):
            // `010` and `0x10` are strings by the YAML-to-JSON rule, although Double() reads them as numbers.
            return plain && JSONTemplate.isJSONNumber(expected) && Double(text) != nil && Double(text) == Double(expected)
        case .bool(let value): return plain && expected == (value ? "true" : "false")
        case .null: return plain && ["null", "Null", "NULL", "~", ""].contains(expected)
        case .array, .object: return false
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let text), .string(let text): return Double(text)
        default: return nil
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
