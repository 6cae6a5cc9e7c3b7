import Compliance
import Foundation
import PalisadeCore
import PatchIntel

/// A made-up fleet's inventory, as devices would have reported it, for tests and `palisade bench compliance`:
/// mixed makers and models from the catalogue, patch levels and builds of every age, and the mess real fleets
/// have (unknown makers, unreadable and impossible patch levels, devices that stopped checking in).
///
/// Deterministic for a seed, so a benchmark run and a test see the same fleet.
public enum SimulatedInventory {
    public struct Fleet: Sendable {
        public var devices: [Device]
        public var states: [DeviceID: DeviceSecurityState]
    }

    public static func fleet(count: Int, catalogue: PatchCatalogue, today: CalendarDay, seed: UInt64 = 2026) -> Fleet {
        var random = SplitMix64(state: seed)
        let now = today.date.addingTimeInterval(12 * 3600)
        let appleReleases = catalogue.appleReleases.filter { $0.released <= today }
        let appleModels = Array(Set(appleReleases.flatMap(\.supportedModels))).sorted()
        // Older feed entries list no models: a model takes those of the majors it is listed under.
        var appleMajors: [String: Set<Int>] = [:]
        for release in appleReleases {
            for model in release.supportedModels { appleMajors[model, default: []].insert(release.major) }
        }
        let androidModels = catalogue.models.filter { $0.platform == .android }
        let byMaker = Dictionary(grouping: androidModels, by: \.maker)
        let unknownMakers = [("Xiaomi", "2201117TG"), ("Zebra", "TC58"), ("Honeywell", "CT45"), ("Bittium", "Tough Mobile 2C")]
        let apps = ["com.example.vpn", "com.example.mail", "com.example.chat", "com.example.torrent"]
        var devices: [Device] = []
        var states: [DeviceID: DeviceSecurityState] = [:]
        devices.reserveCapacity(count)
        for index in 0..<count {
            var device: Device
            let roll = random.unit()
            if roll < 0.45, let model = appleModels.randomElement(using: &random) {
                let majors = appleMajors[model] ?? []
                let candidates = appleReleases.filter {
                    $0.supportedModels.contains(model) || ($0.supportedModels.isEmpty && majors.contains($0.major))
                }
                let release = candidates.randomElement(using: &random)
                device = Device(
                    platform: .ios, maker: "Apple", model: model, osVersion: release?.version, osBuild: release?.builds.first,
                    enrollmentState: .enrolled, createdAt: now
                )
            } else {
                let (maker, model): (String, String)
                let pick = random.unit()
                if pick < 0.08 {
                    (maker, model) = unknownMakers[Int(random.next() % UInt64(unknownMakers.count))]
                } else {
                    let family = pick < 0.45 ? "Google" : pick < 0.8 ? "Samsung" : ["Motorola", "Nokia", "OnePlus", "Fairphone", "Sony"][Int(random.next() % 5)]
                    let entry = byMaker[family]?.randomElement(using: &random)
                    (maker, model) = (family == "Samsung" ? "samsung" : family, entry?.model ?? "Unknown")
                }
                // Levels up to three years back, both halves of the month; a few devices report nonsense.
                let monthsBack = Int(random.next() % 36)
                let (year, month, _) = today.components
                let total = year * 12 + (month - 1) - monthsBack
                var level = String(format: "%04d-%02d-%02d", total / 12, total % 12 + 1, random.unit() < 0.5 ? 1 : 5)
                let oddity = random.unit()
                if oddity < 0.01 { level = "\(total / 12)-\(total % 12 + 1)-5" } else if oddity < 0.015 { level = today.adding(days: 40).description }
                device = Device(
                    platform: .android, maker: maker, model: model, osVersion: ["13", "14", "15", "16"][Int(random.next() % 4)],
                    securityPatchLevel: level, enrollmentState: .enrolled, createdAt: now
                )
            }
            device.ownership = random.unit() < 0.2 ? .personal : .corporate
            device.lastSeenAt = now.addingTimeInterval(-random.unit() * 40 * 86_400)
            let tier = random.unit()
            if tier < 0.1 { device.tags = ["compliance:high-threat"] } else if tier < 0.2 { device.tags = ["compliance:business-continuity"] }
            device.name = "device-\(index)"
            devices.append(device)
            states[device.id] = DeviceSecurityState(
                passcodePresent: random.unit() < 0.95, encrypted: random.unit() < 0.97, supervised: device.platform == .ios ? random.unit() < 0.7 : nil,
                installedApps: random.unit() < 0.9 ? Set(apps.filter { _ in random.unit() < 0.6 }) : nil
            )
        }
        return Fleet(devices: devices, states: states)
    }
}

extension SplitMix64 {
    /// A number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
