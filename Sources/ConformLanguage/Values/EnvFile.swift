import Foundation

/// Parses `.env` files in the docker-compose syntax: `NAME=value`, an optional `export ` prefix,
/// `#` comments, single quotes (taken literally), double quotes (with `\n`, `\t`, `\"`, `\\`
/// escapes), and ` #` starting a comment after an unquoted value.
public enum EnvFile {
    public static func parse(_ text: String, file: String) throws(DiagnosticList) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var diagnostics: [Diagnostic] = []

        // Swift reads "\r\n" as one Character, so a CRLF file needs it as a separator of its own.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            let location = SourceLocation(file: file, line: index + 1, column: 1)
            var line = Substring(rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine))
            line = line.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst(7).drop(while: { $0 == " " }) }

            guard let equals = line.firstIndex(of: "=") else {
                diagnostics.append(.error("invalid line in env file: expected NAME=value", at: location, hint: "comment lines start with '#'"))
                continue
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard let first = name.first, first.isLetter || first == "_",
                name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") })
            else {
                diagnostics.append(.error("invalid variable name '\(name)' in env file", at: location, length: max(1, name.count)))
                continue
            }

            let raw = line[line.index(after: equals)...].drop(while: { $0 == " " || $0 == "\t" })
            switch unquote(raw) {
            case .success(let value): result.append((name, value))
            case .failure(let message): diagnostics.append(.error(message, at: location))
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
        return result
    }

    private enum Value {
        case success(String)
        case failure(String)
    }

    private static func unquote(_ raw: Substring) -> Value {
        guard let quote = raw.first, quote == "\"" || quote == "'" else {
            var value = raw
            if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
            return .success(value.trimmingCharacters(in: .whitespaces))
        }

        var output = ""
        var index = raw.index(after: raw.startIndex)
        while index < raw.endIndex {
            let character = raw[index]
            if character == quote { return .success(output) }
            if quote == "\"", character == "\\", raw.index(after: index) < raw.endIndex {
                index = raw.index(after: index)
                switch raw[index] {
                case "n": output.append("\n")
                case "t": output.append("\t")
                case "r": output.append("\r")
                default: output.append(raw[index])
                }
            } else {
                output.append(character)
            }
            index = raw.index(after: index)
        }
        return .failure("unterminated \(quote) quote in env file value")
    }
}
