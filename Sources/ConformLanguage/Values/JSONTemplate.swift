/// A JSON value written in YAML whose strings may hold templates.
///
/// YAML becomes JSON by one rule: quoted scalars are strings; plain scalars are `null` for `null`/`~`,
/// booleans for `true`/`false`, numbers when they are JSON numbers, and strings otherwise. So `no`,
/// `on`, `010` and dates stay strings, unlike YAML 1.1.
public indirect enum JSONTemplate: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(Template)
    case array([JSONTemplate])
    case object([(String, JSONTemplate)])

    /// Returns the JSON value with every template rendered by `render`.
    public func resolve<E: Error>(_ render: (Template) throws(E) -> String) throws(E) -> JSONValue {
        switch self {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let text): return .number(text)
        case .string(let template): return .string(try render(template))
        case .array(let items):
            var values: [JSONValue] = []
            for item in items { values.append(try item.resolve(render)) }
            return .array(values)
        case .object(let members):
            var values: [(String, JSONValue)] = []
            for (key, value) in members { values.append((key, try value.resolve(render))) }
            return .object(values)
        }
    }

    /// Every template inside, for validation.
    public var templates: [Template] {
        switch self {
        case .string(let template): return [template]
        case .array(let items): return items.flatMap(\.templates)
        case .object(let members): return members.flatMap(\.1.templates)
        default: return []
        }
    }

    /// True when `text` is a number in JSON's grammar (no leading zeros, no `+`, no hex).
    public static func isJSONNumber(_ text: String) -> Bool {
        guard let value = try? JSONParser.parse(text) else { return false }
        if case .number = value { return true }
        return false
    }
}
