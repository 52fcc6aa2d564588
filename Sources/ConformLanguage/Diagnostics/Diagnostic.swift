/// A problem found in a scenario file, with where it is and what to do about it.
public struct Diagnostic: Error, Hashable, Sendable {
    public enum Severity: String, Sendable {
        case error
        case warning
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// How many columns the caret line underlines; at least 1.
    public var length: Int
    /// Text shown after the carets, such as "did you mean 'http'?".
    public var hint: String?

    public init(
        _ severity: Severity = .error, _ message: String, at location: SourceLocation?, length: Int = 1,
        hint: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.location = location
        self.length = max(1, length)
        self.hint = hint
    }

    public static func error(_ message: String, at location: SourceLocation?, length: Int = 1, hint: String? = nil)
        -> Diagnostic
    {
        Diagnostic(.error, message, at: location, length: length, hint: hint)
    }
}

/// All the diagnostics of one file, thrown when a file cannot become a scenario.
public struct DiagnosticList: Error, Sendable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}
