import PalisadeCore

/// A model in the catalogue: who makes it, when it came out, when its security support ends, and the
/// identifiers devices of it report.
public struct CatalogueModel: Sendable, Hashable, Codable {
    public var platform: Platform
    public var maker: String
    /// The display name (`Pixel 8`, `iPhone 14 Pro`, `Galaxy S24`).
    public var model: String
    /// What devices report (`iPhone15,2`, `Pixel 8`, `SM-S921B`), beside the name itself.
    public var identifiers: [String]
    public var released: CalendarDay?
    public var securitySupport: SupportEnd
    public var discontinued: Bool?
    /// Where the commitment comes from: `endoflife.date/pixel`, `override`, `maker commitment (Bittium, 5 years)`.
    public var source: String
    /// Whether `securitySupport` is a maker's promised minimum (release + N years) rather than a published end:
    /// a patch after it is then plausible.
    public var supportEndIsCommitment: Bool = false

    public init(
        platform: Platform, maker: String, model: String, identifiers: [String] = [], released: CalendarDay? = nil,
        securitySupport: SupportEnd, discontinued: Bool? = nil, source: String
    ) {
        self.platform = platform
        self.maker = maker
        self.model = model
        self.identifiers = identifiers
        self.released = released
        self.securitySupport = securitySupport
        self.discontinued = discontinued
        self.source = source
    }

    /// Whether it came out in the `years` up to `today`: what is still bought, and what a maker's current
    /// commitment is judged on. A model without a release date, or announced for later, is not.
    public func isRecent(years: Int, on today: CalendarDay) -> Bool {
        guard let released else { return false }
        return released >= today.adding(years: -years) && released <= today
    }
}

/// An OS version's support (`iOS 18`, `Android 15`).
public struct CatalogueOSVersion: Sendable, Hashable, Codable {
    /// `ios`, `ipados` or `android`.
    public var system: String
    /// The major version (`18`, `15`).
    public var cycle: String
    public var released: CalendarDay?
    public var securitySupport: SupportEnd

    public init(system: String, cycle: String, released: CalendarDay?, securitySupport: SupportEnd) {
        self.system = system
        self.cycle = cycle
        self.released = released
        self.securitySupport = securitySupport
    }
}

/// Matching keys: case, spaces, hyphens and punctuation do not matter (`Pixel 8` = `pixel-8` = `PIXEL8`), except
/// `+`, which names another phone: a `Galaxy S24` must not be judged by the `Galaxy S24+` entry.
enum MatchKey {
    static func of(_ text: String) -> String {
        // Model names are nearly always ASCII: lower-case and filter the bytes without Unicode property lookups.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"): bytes.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
            case 0x80...: return String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { MatchedCharacter.contains($0) }))
            default: break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Makers report themselves variously (`samsung`, `HMD Global`, `motorola`); these are the families the
    /// catalogue files them under.
    static func maker(_ text: String) -> String {
        let key = of(text)
        switch key {
        case "hmdglobal", "hmd", "nokia": return "nokia"
        case "motorolamobility", "motorola", "lenovomotorola": return "motorola"
        case "sonymobile", "sonymobilecommunications", "sony": return "sony"
        case "samsungelectronics", "samsung": return "samsung"
        case "google", "googleinc", "googlellc": return "google"
        case "apple", "appleinc": return "apple"
        default: return key
        }
    }
}

private enum MatchedCharacter {
    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "+"
    }
}
