/// A YAML node as written, with its position: scalars keep their text and quoting style.
///
/// Nothing is resolved to numbers or booleans here; the scenario model decides what a scalar means
/// where it is used, so `no`, `010` or `2024-01-01` stay what the user typed wherever text is expected.
public struct YAMLNode: Sendable {
    public enum ScalarStyle: Sendable {
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
    }

    public enum Content: Sendable {
        case scalar(String, ScalarStyle)
        case mapping([YAMLNode.Entry])
        case sequence([YAMLNode])
    }

    public struct Entry: Sendable {
        public var key: YAMLNode
        public var value: YAMLNode
    }

    public var content: Content
    public var tag: String?
    public var location: SourceLocation
    /// The position just past a scalar's last character, or nil for collections and aliases.
    public var endLocation: SourceLocation?

    public init(_ content: Content, tag: String? = nil, location: SourceLocation, endLocation: SourceLocation? = nil) {
        self.content = content
        self.tag = tag
        self.location = location
        self.endLocation = endLocation
    }

    /// The position of the scalar's first character: one column after the opening quote of a quoted
    /// scalar, else the node's own location.
    public var textLocation: SourceLocation {
        switch content {
        case .scalar(_, .singleQuoted), .scalar(_, .doubleQuoted):
            return SourceLocation(file: location.file, line: location.line, column: location.column + 1)
        default:
            return location
        }
    }

    /// True when a scalar's text is its source character for character on one line, so an offset
    /// in the text is a column offset from `textLocation`.
    ///
    /// Every escape (`\t`, `\"`, `''`) is shorter than its source, so equal lengths mean no escapes.
    public var textMatchesSource: Bool {
        guard let text = scalar, !isBlockScalar, let end = endLocation, end.line == location.line else { return false }
        let quotes = textLocation.column == location.column ? 0 : 2
        let scalars = text.unicodeScalars.count
        return scalars == text.count && end.column - location.column == scalars + quotes
    }

    /// The scalar text, or nil for a mapping or sequence.
    public var scalar: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// True for a plain (unquoted, non-block) scalar.
    public var isPlainScalar: Bool {
        if case .scalar(_, .plain) = content { return tag == nil }
        return false
    }

    /// True for a literal (`|`) or folded (`>`) scalar, whose text starts on the next line.
    public var isBlockScalar: Bool {
        switch content {
        case .scalar(_, .literal), .scalar(_, .folded): return true
        default: return false
        }
    }

    public var mapping: [Entry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// True for `~`, `null`, `Null`, `NULL` or an empty plain scalar.
    public var isNull: Bool {
        guard isPlainScalar, let text = scalar else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// A word for the node's kind, for messages ("a mapping", "a list", "a scalar").
    public var kindDescription: String {
        switch content {
        case .scalar: return isNull ? "null" : "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}
