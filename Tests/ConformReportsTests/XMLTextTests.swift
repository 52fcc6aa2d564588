@testable import ConformReports
import Foundation
import Testing

/// Escaping for XML 1.0: characters XML forbids become visible escapes, markup characters become
/// entities, and any text yields a well-formed document.
@Suite struct XMLTextTests {
    /// The C0 controls that XML 1.0 forbids: all of U+0000…U+001F except tab, line feed and carriage return.
    static let forbiddenControls: [UInt32] = (0x00...0x1F).filter { ![0x09, 0x0A, 0x0D].contains($0) }

    private static func text(_ value: UInt32) -> String {
        "a" + String(Character(Unicode.Scalar(value)!)) + "b"
    }

    private static func visible(_ value: UInt32) -> String {
        "a\\x" + String(format: "%02X", value) + "b"
    }

    @Test("Control character shown in content", arguments: forbiddenControls)
    func controlInContent(value: UInt32) {
        #expect(XMLText.content(XMLTextTests.text(value)) == XMLTextTests.visible(value))
    }

    @Test("Control character shown in attribute", arguments: forbiddenControls)
    func controlInAttribute(value: UInt32) {
        #expect(XMLText.attribute(XMLTextTests.text(value)) == XMLTextTests.visible(value))
    }

    @Test("Control character shown in CDATA", arguments: forbiddenControls)
    func controlInCDATA(value: UInt32) {
        #expect(XMLText.cdata(XMLTextTests.text(value)) == "<![CDATA[" + XMLTextTests.visible(value) + "]]>")
    }

    @Test func noCharacterReferenceForControls() {
        let allControls = String(XMLTextTests.forbiddenControls.map { Character(Unicode.Scalar($0)!) })

        let escaped = XMLText.content(allControls) + XMLText.attribute(allControls)

        #expect(!escaped.contains("&#"))
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func attributeKeepsLineBreaks() {
        #expect(XMLText.attribute("one\ntwo") == "one&#10;two")
        #expect(XMLText.attribute("one\r\ntwo") == "one&#13;&#10;two")
        #expect(XMLText.attribute("one\ttwo") == "one&#9;two")
    }

    @Test func contentKeepsLineFeedAndTab() {
        #expect(XMLText.content("one\ntwo\tthree") == "one\ntwo\tthree")
        #expect(XMLText.content("one\r\ntwo") == "one&#13;\ntwo")
    }

    @Test func markupCharactersBecomeEntities() {
        #expect(XMLText.content("<a href=\"x\">&</a>") == "&lt;a href=\"x\"&gt;&amp;&lt;/a&gt;")
        #expect(XMLText.attribute("<a href=\"x\">&</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;")
    }

    @Test func nonCharactersShownAsEscapes() {
        #expect(XMLText.content("a\u{FFFE}b\u{FFFF}c") == "a\\u{FFFE}b\\u{FFFF}c")
        #expect(XMLText.attribute("\u{FFFF}") == "\\u{FFFF}")
        #expect(XMLText.cdata("\u{FFFE}") == "<![CDATA[\\u{FFFE}]]>")
    }

    @Test func otherCharactersPassUnchanged() {
        let text = "DEL \u{7F} é 漢字 \u{FFFD} \u{1F600} \u{10FFFF}"

        #expect(XMLText.content(text) == text)
        #expect(XMLText.attribute(text) == text)
    }

    @Test func cdataEndMarkerIsSplit() {
        #expect(XMLText.cdata("a]]>b") == "<![CDATA[a]]]]><![CDATA[>b]]>")
    }

    // MARK: - Read back by xmllint

    /// Runs xmllint on `document` and returns what `string(xpath)` evaluates to, without the line
    /// feed that xmllint prints after it.
    private func evaluate(_ xpath: String, in document: String) throws -> String {
        let folder = try TemporaryFolder()
        let path = folder.path("text.xml")
        try AtomicFile.write(document, to: path)
        let run = try Subprocess.run("/usr/bin/xmllint", ["--xpath", "string(\(xpath))", path])
        try #require(run.status == 0, "xmllint rejected \(document): \(run.standardError)")
        return run.standardOutput.hasSuffix("\n") ? String(run.standardOutput.dropLast()) : run.standardOutput
    }

    @Test func cdataReadsBackWhole() throws {
        let text = "a]]>b ]]]]> ]]>"

        #expect(try evaluate("/r", in: "<r>\(XMLText.cdata(text))</r>") == text)
    }

    @Test func markupMessageRoundTrips() throws {
        let message = "expected <status> & \"pending\", got 'done' > 1\nsecond line\twith a tab"
        let document = "<r a=\"\(XMLText.attribute(message))\">\(XMLText.content(message))</r>"

        #expect(try evaluate("/r/@a", in: document) == message)
        #expect(try evaluate("/r", in: document) == message)
    }

    @Test func controlTextIsWellFormed() throws {
        let text = String((0...0x7F).map { Character(Unicode.Scalar(UInt32($0))!) }) + "\u{FFFE}\u{FFFF}"
        let document = "<r a=\"\(XMLText.attribute(text))\">\(XMLText.content(text))\(XMLText.cdata(text))</r>"
        let folder = try TemporaryFolder()
        let path = folder.path("controls.xml")
        try AtomicFile.write(document, to: path)

        let run = try Subprocess.run("/usr/bin/xmllint", ["--noout", path])

        #expect(run.status == 0, "xmllint: \(run.standardError)")
    }
}
