/// Draws diagnostics as text: the message, `--> file:line:col`, the source line and carets.
///
/// The console, JUnit and the markdown report all use this one renderer, so a mistake reads the
/// same everywhere.
public struct DiagnosticRenderer: Sendable {
    private let sources: [String: [Substring]]

    /// Creates a renderer that can quote lines of the given files (path → full text).
    public init(sources: [String: String] = [:]) {
        // Swift reads "\r\n" as one Character, so a CRLF file needs it as a separator of its own.
        self.sources = sources.mapValues {
            $0.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        }
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var lines = ["\(diagnostic.severity.rawValue): \(diagnostic.message)"]
        guard let location = diagnostic.location else {
            if let hint = diagnostic.hint { lines.append("  = \(hint)") }
            return lines.joined(separator: "\n")
        }

        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        lines.append("\(gutter)--> \(location)")

        guard let fileLines = sources[location.file], location.line >= 1, location.line <= fileLines.count else {
            if let hint = diagnostic.hint { lines.append("\(gutter) = \(hint)") }
            return lines.joined(separator: "\n")
        }

        let sourceLine = String(fileLines[location.line - 1]).replacingTabs()
        lines.append("\(number) | \(sourceLine)")
        let indent = String(repeating: " ", count: max(0, location.column - 1))
        let carets = String(repeating: "^", count: diagnostic.length)
        let hint = diagnostic.hint.map { " \($0)" } ?? ""
        lines.append("\(gutter) | \(indent)\(carets)\(hint)")
        return lines.joined(separator: "\n")
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n\n")
    }
}

extension String {
    /// Tabs become one space so that carets stay under the column libyaml counted.
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
