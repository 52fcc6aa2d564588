/// A shell-style pattern for keys and paths.
///
/// `*` matches any run of characters except `/`, `**` matches across `/`, `?` matches one character
/// except `/`, and `[abc]`/`[a-z]`/`[!a]` match one character from a set.
public struct Glob: Sendable {
    private let pattern: [Character]

    public init(_ pattern: String) {
        self.pattern = Array(pattern)
    }

    public func matches(_ text: String) -> Bool {
        let characters = Array(text)
        var memo = [Int: Bool]()
        return match(0, 0, characters, &memo)
    }

    private func match(_ p: Int, _ t: Int, _ text: [Character], _ memo: inout [Int: Bool]) -> Bool {
        let memoKey = p * (text.count + 1) + t
        if let known = memo[memoKey] { return known }
        let result: Bool

        if p == pattern.count {
            result = t == text.count
        } else if pattern[p] == "*" {
            let crossesSlash = p + 1 < pattern.count && pattern[p + 1] == "*"
            let next = crossesSlash ? p + 2 : p + 1
            var position = t
            var found = match(next, position, text, &memo)
            while !found, position < text.count, crossesSlash || text[position] != "/" {
                position += 1
                found = match(next, position, text, &memo)
            }
            result = found
        } else if t == text.count {
            result = false
        } else if pattern[p] == "?" {
            result = text[t] != "/" && match(p + 1, t + 1, text, &memo)
        } else if pattern[p] == "[", let (matched, next) = matchClass(p, text[t]) {
            result = matched && match(next, t + 1, text, &memo)
        } else {
            result = pattern[p] == text[t] && match(p + 1, t + 1, text, &memo)
        }

        memo[memoKey] = result
        return result
    }

    /// Matches one character against the class starting at `start`; nil when `[` opens no class.
    private func matchClass(_ start: Int, _ character: Character) -> (Bool, Int)? {
        var index = start + 1
        var negated = false
        if index < pattern.count, pattern[index] == "!" || pattern[index] == "^" {
            negated = true
            index += 1
        }
        var matched = false
        var first = true
        while index < pattern.count, pattern[index] != "]" || first {
            first = false
            if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                if pattern[index] <= character && character <= pattern[index + 2] { matched = true }
                index += 3
            } else {
                if pattern[index] == character { matched = true }
                index += 1
            }
        }
        guard index < pattern.count else { return nil }
        return (matched != negated, index + 1)
    }
}
