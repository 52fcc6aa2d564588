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

    public init(_ content: Content, tag: String? = nil, location: SourceLocation) {
        self.content = content
        self.tag = tag
        self.location = location
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
