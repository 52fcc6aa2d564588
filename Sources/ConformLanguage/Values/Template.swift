/// Text with `${…}` references, resolved when a step runs.
///
/// Forms: `${name}` (a variable, capture or a field of the step's own response such as
/// `${json.status}` or `${count}`), `${env.NAME}`, `${env.NAME:-default}`. `$${` writes a literal `${`.
public struct Template: Sendable, Hashable, CustomStringConvertible {
    public enum Reference: Sendable, Hashable {
        case variable(String)
        case environment(String, fallback: String?)
    }

    public enum Part: Sendable, Hashable {
        case literal(String)
        case reference(Reference, offset: Int)
    }

    public struct SyntaxError: Error {
        public var message: String
        /// Offset in characters from the start of the template text.
        public var offset: Int
        public var hint: String?
    }

    public var parts: [Part]
    public let source: String
    /// Where the template's text starts in the scenario file, when it came from one.
    public var location: SourceLocation?
    /// True when the text sat on one line and unescaped, so an offset maps to a column.
    var offsetsAreColumns = false

    /// True when the text contains no references.
    public var isLiteral: Bool { parts.allSatisfy { if case .literal = $0 { true } else { false } } }

    public var references: [(Reference, offset: Int)] {
        parts.compactMap { if case .reference(let reference, let offset) = $0 { (reference, offset) } else { nil } }
    }

    public var description: String { source }

    /// Creates a template from parts already parsed, such as a slice of another template.
    public init(parts: [Part], source: String) {
        self.parts = parts
        self.source = source
    }

    public init(literal text: String) {
        self.source = text
        self.parts = text.isEmpty ? [] : [.literal(text)]
    }

    public init(parsing text: String) throws(SyntaxError) {
        self.source = text
        var parts: [Part] = []
        var literal = ""
        let characters = Array(text)
        var index = 0

        while index < characters.count {
            if characters[index] == "$", index + 2 < characters.count, characters[index + 1] == "$",
                characters[index + 2] == "{"
            {
                literal += "${"
                index += 3
                continue
            }
            guard characters[index] == "$", index + 1 < characters.count, characters[index + 1] == "{" else {
                literal.append(characters[index])
                index += 1
                continue
            }

            let start = index
            guard let close = characters[(index + 2)...].firstIndex(of: "}") else {
                throw SyntaxError(message: "unterminated '${' in template", offset: start, hint: "close it with '}'")
            }
            let body = String(characters[(index + 2)..<close])
            let reference = try Template.parseReference(body, offset: start)
            if !literal.isEmpty {
                parts.append(.literal(literal))
                literal = ""
            }
            parts.append(.reference(reference, offset: start))
            index = close + 1
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    private static func parseReference(_ body: String, offset: Int) throws(SyntaxError) -> Reference {
        if body.hasPrefix("env.") {
            let rest = body.dropFirst(4)
            let name: Substring
            let fallback: String?
            if let range = rest.range(of: ":-") {
                name = rest[..<range.lowerBound]
                fallback = String(rest[range.upperBound...])
            } else {
                name = rest
                fallback = nil
            }
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw SyntaxError(
                    message: "invalid environment variable name '\(name)'", offset: offset,
                    hint: "write ${env.NAME} or ${env.NAME:-default}")
            }
            return .environment(String(name), fallback: fallback)
        }

        guard !body.isEmpty else {
            throw SyntaxError(message: "empty reference '${}'", offset: offset, hint: "write ${name} with a variable name")
        }
        let allowed: (Character) -> Bool = { $0.isLetter || $0.isNumber || "_.-[]".contains($0) }
        guard body.allSatisfy(allowed), let first = body.first, first.isLetter || first == "_" else {
            throw SyntaxError(
                message: "invalid reference '${\(body)}'", offset: offset,
                hint: "names start with a letter or '_' and contain letters, digits, '_', '-', '.' and [index]")
        }
        return .variable(body)
    }

    /// The position of the reference at `offset`, as exactly as the YAML allows: the reference's
    /// own column on a plain or simply quoted one-line scalar, else the scalar's start.
    public func location(ofReferenceAt offset: Int) -> SourceLocation? {
        guard var location else { return nil }
        if offsetsAreColumns { location.column += offset }
        return location
    }

    /// The root name of a variable reference: `json` for `json.status`, `keys` for `keys[0]`.
    public static func rootName(_ name: String) -> String {
        String(name.prefix { $0 != "." && $0 != "[" })
    }
}
