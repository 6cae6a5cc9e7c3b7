import Foundation

/// What a simulated iPhone or iPad says it is: a real model identifier with an OS version and build Apple shipped
/// for it (from SOFA's feed), and made-up serial, IMEI and UDID in their real formats.
public struct SimulatedHardware: Sendable, Hashable {
    public var udid: String
    public var serialNumber: String
    public var imei: String?
    /// Apple's model identifier, such as `iPhone15,2`.
    public var productName: String
    public var marketingName: String
    public var osVersion: String
    public var buildVersion: String
    public var deviceName: String

    public var isIPad: Bool { productName.hasPrefix("iPad") }

    /// The `index`th device of a fleet: models and releases are spread over the table, deterministically.
    public static func make(index: Int, seed: UInt64 = 0x5EED) -> SimulatedHardware {
        var generator = SplitMix64(state: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let release = IOSReleaseTable.releases[Int(generator.next() % UInt64(IOSReleaseTable.releases.count))]
        let models = release.models.filter { $0.hasPrefix("iPhone") || $0.hasPrefix("iPad") }
        let model = models[Int(generator.next() % UInt64(models.count))]
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
        let serial = String((0..<10).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        let udid = String(format: "00008%03X-%016llX", Int(generator.next() % 0xFFF), generator.next())
        let isPhone = model.hasPrefix("iPhone")
        let imei = isPhone ? luhnIMEI(prefix: String(format: "35%06llu", generator.next() % 1_000_000), body: generator.next()) : nil
        let name = (isPhone ? "iPhone" : "iPad") + " \(index + 1)"
        return SimulatedHardware(
            udid: udid, serialNumber: serial, imei: imei, productName: model,
            marketingName: IOSReleaseTable.modelNames[model] ?? model, osVersion: release.version,
            buildVersion: release.build, deviceName: name
        )
    }

    /// A 15-digit IMEI with a valid Luhn check digit.
    static func luhnIMEI(prefix: String, body: UInt64) -> String {
        let digits = (prefix + String(format: "%06llu", body % 1_000_000)).prefix(14)
        var sum = 0
        for (offset, character) in digits.reversed().enumerated() {
            var value = Int(String(character))!
            if offset.isMultiple(of: 2) {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return digits + String((10 - sum % 10) % 10)
    }
}

/// A small deterministic generator, so a fleet is the same from run to run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
