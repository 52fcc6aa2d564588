/// How often each integer value occurred, such as a status code, printed as `200:998,503:2`.
struct Histogram: CustomStringConvertible {
    private var counts: [Int: Int] = [:]

    mutating func add(_ value: Int) {
        counts[value, default: 0] += 1
    }

    var description: String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")
    }
}
