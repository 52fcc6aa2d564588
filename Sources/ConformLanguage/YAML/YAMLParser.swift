internal import CYAML
import Foundation

/// Parses YAML text into `YAMLNode` trees through libyaml's event API.
///
/// Anchors and aliases are expanded, `<<` merge keys are applied, and a duplicate key in a mapping is
/// an error. Every node keeps the position libyaml reported for it.
public struct YAMLParser {
    public let file: String

    public init(file: String) {
        self.file = file
    }

    /// Returns one node per YAML document, or throws the diagnostics found.
    public func parseDocuments(_ text: String) throws(DiagnosticList) -> [YAMLNode] {
        let bytes = Array(text.utf8)
        let session = ParseSession(file: file)

        // libyaml keeps a pointer into the input buffer, so it must outlive every call to the parser.
        bytes.withUnsafeBufferPointer { buffer in
            session.run(buffer)
        }

        if !session.diagnostics.isEmpty {
            throw DiagnosticList(session.diagnostics)
        }
        return session.documents
    }
}

/// One libyaml parser and the composition state around it.
private final class ParseSession {
    let file: String
    var documents: [YAMLNode] = []
    var diagnostics: [Diagnostic] = []

    private var parser = yaml_parser_t()
    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]

    private enum Frame {
        case mapping(entries: [YAMLNode.Entry], pendingKey: YAMLNode?, anchor: String?, tag: String?, location: SourceLocation)
        case sequence(items: [YAMLNode], anchor: String?, tag: String?, location: SourceLocation)
        case document
    }

    init(file: String) {
        self.file = file
    }

    private var lineCount = 0
    private var sourceLines: [String] = []
    private var lastLineIsEmpty = true

    func run(_ buffer: UnsafeBufferPointer<UInt8>) {
        let lines = String(decoding: buffer, as: UTF8.self)
            .split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        lineCount = lines.count
        lastLineIsEmpty = lines.last?.isEmpty ?? true
        sourceLines = lines.map(String.init)

        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.append(.error("could not initialise the YAML parser (out of memory)", at: nil))
            return
        }
        defer { yaml_parser_delete(&parser) }

        if let base = buffer.baseAddress {
            yaml_parser_set_input_string(&parser, base, buffer.count)
        } else {
            var empty: UInt8 = 0
            yaml_parser_set_input_string(&parser, &empty, 0)
        }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)

        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                diagnostics.append(syntaxError())
                return
            }
            let done = event.type == YAML_STREAM_END_EVENT
            handle(&event)
            yaml_event_delete(&event)
            if done { return }
        }
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private func syntaxError() -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        var message = "invalid YAML: \(problem)"
        var problemLocation = location(parser.problem_mark)
        if let context = parser.context.map({ String(cString: $0) }) {
            let contextLocation = location(parser.context_mark)
            message += " (\(context) at line \(contextLocation.line), column \(contextLocation.column))"
            // At the end of the input the problem mark points past the last line; the construct
            // left open is where the user has to look.
            if parser.problem_mark.index >= parser.context_mark.index, isPastLastLine(problemLocation) {
                problemLocation = contextLocation
            }
        }
        return .error(message, at: problemLocation, hint: syntaxHint(problem, at: problemLocation))
    }

    private func isPastLastLine(_ location: SourceLocation) -> Bool {
        location.line > lineCount || (location.line == lineCount && location.column == 1 && lastLineIsEmpty)
    }

    private func syntaxHint(_ problem: String, at location: SourceLocation) -> String? {
        let line = location.line >= 1 && location.line <= sourceLines.count ? sourceLines[location.line - 1] : ""
        if problem.contains("tab") || line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
            return "indent with spaces; YAML does not allow tabs in indentation"
        }
        if problem.contains("cannot start any token") {
            return "quote a value that starts with @, ` or %"
        }
        if problem.contains("did not find expected key") {
            return "check the indentation: keys of one mapping must start in the same column"
        }
        if problem.contains("did not find expected ',' or '}'") || problem.contains("did not find expected ',' or ']'") {
            return "inside { } and [ ], quote keys and values that contain '[', ']', '{', '}', ',' or ': ', or close the bracket"
        }
        if problem.contains("mapping values are not allowed") {
            return "quote a value that contains ': ', or fix the indentation"
        }
        if problem.contains("could not find expected ':'") { return "a key needs ':' after it" }
        return nil
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private func handle(_ event: inout yaml_event_t) {
        let start = location(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            stack.append(.document)
            anchors = [:]

        case YAML_DOCUMENT_END_EVENT:
            _ = stack.popLast()

        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            // Read by length: a scalar may contain NUL characters.
            let text: String
            if let value = scalar.value {
                text = String(decoding: UnsafeBufferPointer(start: value, count: scalar.length), as: UTF8.self)
            } else {
                text = ""
            }
            let style: YAMLNode.ScalarStyle
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let node = YAMLNode(
                .scalar(text, style), tag: string(scalar.tag), location: start, endLocation: location(event.end_mark))
            if let anchor = string(scalar.anchor) { anchors[anchor] = node }
            add(node)

        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            if var node = anchors[name] {
                node.location = start
                node.endLocation = nil
                add(node)
            } else {
                diagnostics.append(
                    .error("unknown alias '*\(name)'", at: start, length: name.count + 1,
                           hint: "define '&\(name)' before using it"))
                add(YAMLNode(.scalar("", .plain), location: start))
            }

        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            stack.append(.mapping(entries: [], pendingKey: nil, anchor: string(data.anchor), tag: string(data.tag), location: start))

        case YAML_MAPPING_END_EVENT:
            guard case .mapping(let entries, _, let anchor, let tag, let location)? = stack.popLast() else { return }
            let node = YAMLNode(.mapping(applyMerges(entries)), tag: tag, location: location)
            if let anchor { anchors[anchor] = node }
            add(node)

        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            stack.append(.sequence(items: [], anchor: string(data.anchor), tag: string(data.tag), location: start))

        case YAML_SEQUENCE_END_EVENT:
            guard case .sequence(let items, let anchor, let tag, let location)? = stack.popLast() else { return }
            let node = YAMLNode(.sequence(items), tag: tag, location: location)
            if let anchor { anchors[anchor] = node }
            add(node)

        default:
            break
        }
    }

    private func add(_ node: YAMLNode) {
        guard let top = stack.popLast() else { return }
        switch top {
        case .document:
            documents.append(node)
            stack.append(.document)

        case .sequence(var items, let anchor, let tag, let location):
            items.append(node)
            stack.append(.sequence(items: items, anchor: anchor, tag: tag, location: location))

        case .mapping(var entries, let pendingKey, let anchor, let tag, let location):
            if let key = pendingKey {
                if let keyText = key.scalar, keyText != "<<",
                    let earlier = entries.first(where: { $0.key.scalar == keyText })
                {
                    diagnostics.append(
                        .error("duplicate key '\(keyText)'", at: key.location, length: keyText.count,
                               hint: "first defined at line \(earlier.key.location.line); remove one of them"))
                } else {
                    entries.append(YAMLNode.Entry(key: key, value: node))
                }
                stack.append(.mapping(entries: entries, pendingKey: nil, anchor: anchor, tag: tag, location: location))
            } else {
                stack.append(.mapping(entries: entries, pendingKey: node, anchor: anchor, tag: tag, location: location))
            }
        }
    }

    /// Applies `<<` merge keys: keys written in the mapping win over merged ones, and earlier merged
    /// mappings win over later ones.
    private func applyMerges(_ entries: [YAMLNode.Entry]) -> [YAMLNode.Entry] {
        guard entries.contains(where: { $0.key.isPlainScalar && $0.key.scalar == "<<" }) else { return entries }

        var result = entries.filter { !($0.key.isPlainScalar && $0.key.scalar == "<<") }
        for merge in entries where merge.key.isPlainScalar && merge.key.scalar == "<<" {
            let sources: [YAMLNode]
            switch merge.value.content {
            case .mapping: sources = [merge.value]
            case .sequence(let items): sources = items
            case .scalar:
                diagnostics.append(
                    .error("a merge key '<<' needs a mapping or a list of mappings", at: merge.value.location,
                           hint: "write '<<: *anchor' where '&anchor' names a mapping"))
                continue
            }
            for source in sources {
                guard let sourceEntries = source.mapping else {
                    diagnostics.append(.error("a merge key '<<' needs mappings, found \(source.kindDescription)", at: source.location))
                    continue
                }
                for entry in sourceEntries where !result.contains(where: { $0.key.scalar == entry.key.scalar }) {
                    result.append(entry)
                }
            }
        }
        return result
    }
}
