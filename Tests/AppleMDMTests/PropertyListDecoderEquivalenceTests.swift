import Foundation
import Testing
@testable import AppleMDM

/// `PropertyListGuard.decode` builds values itself instead of handing the body to `PropertyListSerialization`. These
/// tests hold it to what the guard plus Foundation gave, value for value and refusal for refusal.
@Suite("Property-list decoder matches Foundation")
struct PropertyListDecoderEquivalenceTests {
    typealias Reference = FoundationPropertyListReference

    static let captures = ["Authenticate.1.plist", "Authenticate.2.plist", "TokenUpdate.1.plist", "TokenUpdate.2.plist",
                           "DeviceInformation.1.plist"]

    @Test("every real device capture decodes to the same value as with Foundation", arguments: captures)
    func realCaptures(name: String) throws {
        let body = try FixtureFiles.data(name)
        #expect(Reference.difference(body) == nil)
        #expect(try PropertyListGuard().decode(body).dictionaryValue?.isEmpty == false)
    }

    @Test("every hostile document is refused for the same reason as before")
    func attackFiles() throws {
        for file in FixtureFiles.attackFiles {
            let body = try Data(contentsOf: file)
            #expect(Reference.difference(body) == nil, "\(file.lastPathComponent)")
            #expect(throws: PropertyListRefusal.self) { try PropertyListGuard().decode(body) }
        }
    }

    @Test("plists Foundation wrote from random values decode to those values")
    func foundationWrittenPlists() throws {
        var generator = GeneratedPropertyLists(seed: 7)
        for round in 0..<300 {
            let value = Self.randomValue(&generator, depth: 0)
            let body = try PropertyListSerialization.data(fromPropertyList: value.foundationObject, format: .xml, options: 0)
            #expect(Reference.difference(body) == nil, "round \(round)")
            #expect(Reference.identical(try PropertyListGuard().decode(body), value), "round \(round)")
        }
    }

    @Test("plists Palisade's own writer produced decode to their values")
    func palisadeWrittenPlists() throws {
        var generator = GeneratedPropertyLists(seed: 11)
        for round in 0..<300 {
            let value = Self.randomValue(&generator, depth: 0)
            let body = value.xmlDocument()
            #expect(Reference.difference(body) == nil, "round \(round)")
            let decoded = try PropertyListGuard().decode(body)
            #expect(Reference.identical(decoded, value), "round \(round): \(value) became \(decoded)")
        }
    }

    @Test("generated documents, well-formed and slightly off, give the same value or refusal", arguments: 0..<8)
    func generatedDocuments(batch: UInt64) {
        var generator = GeneratedPropertyLists(seed: 1_000 + batch)
        for round in 0..<400 {
            let body = generator.document()
            if let difference = Reference.difference(body) {
                Issue.record("seed \(1_000 + batch) round \(round): \(difference)\n\(String(decoding: body, as: UTF8.self))")
            }
        }
    }

    @Test("randomly damaged captures and generated documents give the same value or refusal", arguments: 0..<4)
    func damagedDocuments(batch: UInt64) throws {
        var generator = GeneratedPropertyLists(seed: 5_000 + batch)
        var originals = try Self.captures.map { try FixtureFiles.data($0) }
        for _ in 0..<20 { originals.append(generator.document()) }
        let interesting = Array("<>/&;#x0-+ \r\n\tZT:=.eE<!-[]?\"'".utf8) + [0xC3, 0xA9, 0x00, 0x7F]
        for round in 0..<600 {
            var bytes = [UInt8](generator.pick(originals))
            for _ in 0..<Int.random(in: 1...3, using: &generator.random) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &generator.random)
                switch Int.random(in: 0..<4, using: &generator.random) {
                case 0: bytes[at] = generator.pick(interesting)
                case 1: bytes.insert(generator.pick(interesting), at: at)
                case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &generator.random)))
                default:
                    let end = min(bytes.count, at + Int.random(in: 1...16, using: &generator.random))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                }
            }
            let body = Data(bytes)
            if let difference = Reference.difference(body) {
                Issue.record("seed \(5_000 + batch) round \(round): \(difference)\n\(String(decoding: body, as: UTF8.self))")
            }
        }
    }

    @Test("every truncation of a real capture is refused as before")
    func truncations() throws {
        let whole = try FixtureFiles.data("TokenUpdate.2.plist")
        for length in 0..<whole.count {
            #expect(Reference.difference(whole.prefix(length)) == nil, "prefix of \(length) bytes")
        }
    }

    /// A random value of every kind; strings avoid the carriage returns and control characters neither writer
    /// round-trips through Foundation's reader.
    static func randomValue(_ generator: inout GeneratedPropertyLists, depth: Int) -> PropertyListValue {
        let roll = Int.random(in: 0..<10, using: &generator.random)
        if depth < 4, roll == 0 {
            var entries: [String: PropertyListValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &generator.random) {
                entries[generator.pick(["UDID", "Status", "a&b", "<k>", "Zoë", "k\(Int.random(in: 0...9, using: &generator.random))"])] =
                    randomValue(&generator, depth: depth + 1)
            }
            return .dictionary(entries)
        }
        if depth < 4, roll == 1 {
            return .array((0..<Int.random(in: 0...5, using: &generator.random)).map { _ in randomValue(&generator, depth: depth + 1) })
        }
        switch Int.random(in: 0..<7, using: &generator.random) {
        case 0: return .string(generator.pick(["", "a & b < c > d", "Zoë’s iPad 🍎", "line\nbreak\ttab", " padded ", "\"'"]))
        case 1: return .integer(Int64.random(in: .min ... .max, using: &generator.random))
        case 2:
            let bits = UInt64.random(in: 0 ... .max, using: &generator.random)
            let number = Double(bitPattern: bits)
            return .real(number.isNaN ? 0.25 : number)
        case 3: return .bool(generator.chance(0.5))
        case 4:
            // From 1621: Palisade's writer formats earlier dates in the Julian calendar, readers use the Gregorian.
            let seconds = Double(Int64.random(in: -11_000_000_000 ... 60_000_000_000, using: &generator.random))
            return .date(Date(timeIntervalSince1970: seconds))
        case 5:
            return .data(Data((0..<Int.random(in: 0...50, using: &generator.random)).map { _ in UInt8.random(in: 0...255, using: &generator.random) }))
        default:
            return .integer(Int64(Int.random(in: -1000...1000, using: &generator.random)))
        }
    }
}
