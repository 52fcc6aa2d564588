/// A path into a JSON value: `result.duplicates[0].id`, `["key.with.dots"]`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]
    public let source: String

    public var description: String { source }

    public struct SyntaxError: Error {
        public var message: String
    }

    public init(parsing text: String) throws(SyntaxError) {
        source = text
        components = []
        let characters = Array(text)
        var index = 0
        var key = ""

        func flushKey() throws(SyntaxError) {
            guard !key.isEmpty else { return }
            components.append(.key(key))
            key = ""
        }

        while index < characters.count {
            let character = characters[index]
            switch character {
            case ".":
                guard !key.isEmpty || (components.last != nil && index > 0 && characters[index - 1] == "]") else {
                    throw SyntaxError(message: "empty name in JSON path '\(text)'")
                }
                try flushKey()
                index += 1
            case "[":
                try flushKey()
                guard let close = characters[index...].firstIndex(of: "]") else {
                    throw SyntaxError(message: "missing ']' in JSON path '\(text)'")
                }
                let inside = String(characters[(index + 1)..<close])
                if let number = Int(inside) {
                    components.append(.index(number))
                } else if inside.count >= 2, inside.first == "\"", inside.last == "\"" {
                    components.append(.key(String(inside.dropFirst().dropLast())))
                } else {
                    throw SyntaxError(message: "invalid index '[\(inside)]' in JSON path '\(text)'; write [0] or [\"key\"]")
                }
                index = close + 1
            default:
                key.append(character)
                index += 1
            }
        }
        try flushKey()
        if text.hasSuffix(".") { throw SyntaxError(message: "JSON path '\(text)' ends with '.'") }
    }

    /// Returns the value at this path, or nil when a key is missing, an index is out of range or a
    /// component meets a value of the wrong type. A negative index counts from the end.
    public func value(in root: JSONValue) -> JSONValue? {
        var current = root
        for component in components {
            switch (component, current) {
            case (.key(let name), .object):
                guard let next = current[name] else { return nil }
                current = next
            case (.index(let position), .array(let items)):
                let resolved = position < 0 ? items.count + position : position
                guard items.indices.contains(resolved) else { return nil }
                current = items[resolved]
            default:
                return nil
            }
        }
        return current
    }
}
