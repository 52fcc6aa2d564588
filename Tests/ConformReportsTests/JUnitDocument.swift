import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A rendered JUnit file, parsed, with XPath look-ups for the content tests.
struct JUnitDocument {
    let text: String
    let document: XMLDocument

    init(_ text: String) throws {
        self.text = text
        document = try XMLDocument(data: Data(text.utf8), options: [])
    }

    func elements(_ xpath: String) throws -> [XMLElement] {
        try document.nodes(forXPath: xpath).compactMap { $0 as? XMLElement }
    }

    /// Returns the one element at `xpath`, and records an issue and throws when there are none or several.
    func element(_ xpath: String) throws -> XMLElement {
        let found = try elements(xpath)
        try #require(found.count == 1, "expected one element at \(xpath), found \(found.count)")
        return found[0]
    }

    func attribute(_ name: String, of xpath: String) throws -> String? {
        try element(xpath).attribute(forName: name)?.stringValue
    }

    /// Returns the text of the element at `xpath`, with entities and character references resolved.
    func content(of xpath: String) throws -> String {
        try element(xpath).stringValue ?? ""
    }
}
