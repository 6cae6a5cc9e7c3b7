/// X.690 §11.6: the elements of a DER SET OF appear in ascending order of their encodings, compared as
/// octet strings with the shorter one padded at its end with zero octets.
enum DEROrdering {
    static func sortedForSetOf(_ encodings: [[UInt8]]) -> [[UInt8]] {
        encodings.sorted(by: precedes)
    }

    static func precedes(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        let length = max(left.count, right.count)
        for index in 0..<length {
            let l = index < left.count ? left[index] : 0
            let r = index < right.count ? right[index] : 0
            if l != r { return l < r }
        }
        return false
    }
}
