/// Rules for the free-text labels on devices.
public enum Tag {
    /// Longest tag accepted, in characters.
    public static let maximumLength = 64
    /// Most tags one device may carry.
    public static let maximumCount = 64

    /// Sorted, de-duplicated tags: the one form in which tags are stored and compared.
    public static func normalized(_ tags: [String]) -> [String] {
        Array(Set(tags)).sorted()
    }

    /// Unicode's letters (`\p{L}` in the OpenAPI document's pattern), not the wider Alphabetic property, which also
    /// takes in combining marks and letter-like numerals no pattern a client validates with can name.
    private static let letters: Set<Unicode.GeneralCategory> = [
        .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
    ]

    /// Why a tag is unacceptable, or `nil` if it is fine. Tags are 1–64 characters of letters, digits, `-`, `_`, `.`, `:`.
    public static func problem(with tag: String) -> String? {
        if tag.isEmpty || tag.count > maximumLength {
            return "tag must be 1 to \(maximumLength) characters"
        }
        let allowed = tag.unicodeScalars.allSatisfy { scalar in
            letters.contains(scalar.properties.generalCategory) || ("0"..."9").contains(scalar) || "-_.:".unicodeScalars.contains(scalar)
        }
        return allowed ? nil : "tag '\(tag)' may hold only letters, digits, '-', '_', '.' and ':'"
    }
}
